// The toolkit's pictures, drawn as inline SVG from a tool's points (the CSP
// forbids inline scripts, not SVG). One small drawing per kind of diagram.
import { pick } from '../i18n';
import type { Part, Tool } from '../protocol/messages.gen';

const W = 340;
const BRAND = '#1f4e8c';
const SOFT = '#e8eef7';
const WATER = '#2b6cb0';

function label(p: Part, lang: string): string {
  return pick(p.name, lang);
}

function Text({ x, y, children, size = 13, anchor = 'middle', fill = '#1f2329', weight = 600 }: { x: number; y: number; children: string; size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: number }) {
  return (
    <text x={x} y={y} fontSize={size} textAnchor={anchor} fill={fill} fontWeight={weight} dominantBaseline="middle">
      {children}
    </text>
  );
}

export function Diagram({ tool, lang, title }: { tool: Tool; lang: string; title: string }) {
  const pts = tool.points ?? [];
  let body: React.ReactNode = null;
  let h = 160;
  switch (tool.diagram) {
    case 'cycle': {
      h = 220;
      const cx = W / 2;
      const cy = 110;
      const r = 78;
      body = (
        <>
          <circle cx={cx} cy={cy} r={r} fill="none" stroke={SOFT} strokeWidth={18} />
          {pts.map((p, i) => {
            const a = (i / pts.length) * 2 * Math.PI - Math.PI / 2;
            const x = cx + r * Math.cos(a);
            const y = cy + r * Math.sin(a);
            return (
              <g key={i}>
                <rect x={x - 46} y={y - 15} width={92} height={30} rx={15} fill={BRAND} />
                <Text x={x} y={y} fill="#fff">
                  {`${i + 1} ${label(p, lang)}`}
                </Text>
              </g>
            );
          })}
          <path d={`M ${cx + 20} ${cy - r - 2} l 8 -6 v 12 z`} fill={BRAND} />
        </>
      );
      break;
    }
    case 'triad': {
      h = 200;
      const c = [
        [W / 2, 70],
        [W / 2 - 52, 130],
        [W / 2 + 52, 130],
      ];
      body = pts.slice(0, 3).map((p, i) => (
        <g key={i}>
          <circle cx={c[i][0]} cy={c[i][1]} r={56} fill={BRAND} fillOpacity={0.18} stroke={BRAND} />
          <Text x={c[i][0] + (i === 1 ? -18 : i === 2 ? 18 : 0)} y={c[i][1] + (i === 0 ? -14 : 12)}>
            {label(p, lang)}
          </Text>
        </g>
      ));
      break;
    }
    case 'columns':
    case 'pillars': {
      const n = Math.max(1, pts.length);
      const gap = 8;
      const w = (W - 20 - gap * (n - 1)) / n;
      h = tool.diagram === 'pillars' ? 170 : 110;
      body = (
        <>
          {tool.diagram === 'pillars' && <path d={`M 10 40 L ${W / 2} 6 L ${W - 10} 40 Z`} fill={BRAND} />}
          {pts.map((p, i) => {
            const x = 10 + i * (w + gap);
            const top = tool.diagram === 'pillars' ? 46 : 10;
            const ph = tool.diagram === 'pillars' ? 104 : 90;
            return (
              <g key={i}>
                <rect x={x} y={top} width={w} height={ph} rx={6} fill={SOFT} stroke={BRAND} />
                <Text x={x + w / 2} y={top + ph / 2} size={12}>
                  {label(p, lang)}
                </Text>
              </g>
            );
          })}
          {tool.diagram === 'pillars' && <rect x={4} y={154} width={W - 8} height={10} fill={BRAND} />}
        </>
      );
      break;
    }
    case 'mapping': {
      h = 24 + pts.length * 34;
      body = pts.map((p, i) => {
        const y = 20 + i * 34;
        return (
          <g key={i}>
            <rect x={6} y={y - 13} width={130} height={26} rx={6} fill={SOFT} stroke={BRAND} />
            <Text x={71} y={y} size={12}>
              {pick(p.pair, lang)}
            </Text>
            <path d={`M 140 ${y} H 196`} stroke={BRAND} strokeWidth={2} markerEnd="url(#arrow)" />
            <rect x={200} y={y - 13} width={134} height={26} rx={6} fill={BRAND} />
            <Text x={267} y={y} size={12} fill="#fff">
              {label(p, lang)}
            </Text>
          </g>
        );
      });
      break;
    }
    case 'steps': {
      h = 16 + pts.length * 34;
      body = pts.map((p, i) => {
        const y = 8 + i * 34;
        const x = 10 + i * 12;
        return (
          <g key={i}>
            <path d={`M ${x} ${y} h ${W - 70 - i * 12} l 14 14 l -14 14 h ${-(W - 70 - i * 12)} l 10 -14 z`} fill={i % 2 ? BRAND : '#2f6bb8'} />
            <Text x={x + 20} y={y + 14} anchor="start" fill="#fff">
              {`${i + 1}. ${label(p, lang)}`}
            </Text>
          </g>
        );
      });
      break;
    }
    case 'ladder': {
      h = 180;
      const n = pts.length;
      const w = (W - 20) / n - 6;
      body = pts.map((p, i) => {
        const v = parseFloat(p.value ?? '') || ((i + 1) / n) * 100;
        const bh = (v / 100) * 120;
        const x = 10 + i * (w + 6);
        return (
          <g key={i}>
            <rect x={x} y={140 - bh} width={w} height={bh} rx={4} fill={BRAND} fillOpacity={0.3 + (0.7 * v) / 100} />
            <Text x={x + w / 2} y={130 - bh} size={13} fill={BRAND}>
              {p.value ?? ''}
            </Text>
            <Text x={x + w / 2} y={158} size={10} weight={400}>
              {label(p, lang).slice(0, 6)}
            </Text>
          </g>
        );
      });
      break;
    }
    case 'balance': {
      h = 150;
      body = (
        <>
          <path d={`M ${W / 2} 30 V 130 M ${W / 2 - 40} 130 H ${W / 2 + 40} M 40 50 H ${W - 40}`} stroke={BRAND} strokeWidth={4} />
          {pts.slice(0, 2).map((p, i) => {
            const x = i === 0 ? 60 : W - 60;
            return (
              <g key={i}>
                <path d={`M ${x - 50} 90 Q ${x} 120 ${x + 50} 90 Z`} fill={SOFT} stroke={BRAND} />
                <path d={`M ${x} 50 L ${x - 40} 90 M ${x} 50 L ${x + 40} 90`} stroke={BRAND} />
                <Text x={x} y={78}>
                  {label(p, lang)}
                </Text>
              </g>
            );
          })}
        </>
      );
      break;
    }
    case 'iceberg': {
      const above = pts.filter((p) => p.value === 'above');
      const below = pts.filter((p) => p.value !== 'above');
      h = 60 + above.length * 22 + below.length * 24 + 40;
      const water = 40 + above.length * 22;
      body = (
        <>
          <rect x={0} y={water} width={W} height={h - water} fill={WATER} fillOpacity={0.15} />
          <path d={`M ${W / 2} 10 L ${W / 2 + 60} ${water} L ${W / 2 + 130} ${h - 6} L ${W / 2 - 130} ${h - 6} L ${W / 2 - 60} ${water} Z`} fill="#fff" stroke={WATER} strokeWidth={2} />
          <path d={`M 0 ${water} H ${W}`} stroke={WATER} strokeWidth={2} strokeDasharray="6 4" />
          {above.map((p, i) => (
            <Text key={`a${i}`} x={W / 2} y={28 + i * 22 + 10}>
              {label(p, lang)}
            </Text>
          ))}
          {below.map((p, i) => (
            <Text key={`b${i}`} x={W / 2} y={water + 22 + i * 24} fill={WATER}>
              {label(p, lang)}
            </Text>
          ))}
        </>
      );
      break;
    }
    case 'funnel': {
      const n = pts.length;
      h = 20 + n * 30;
      body = pts.map((p, i) => {
        const top = 10 + i * 30;
        const w1 = W - 20 - i * ((W - 120) / n);
        const w2 = W - 20 - (i + 1) * ((W - 120) / n);
        return (
          <g key={i}>
            <path d={`M ${(W - w1) / 2} ${top} H ${(W + w1) / 2} L ${(W + w2) / 2} ${top + 28} H ${(W - w2) / 2} Z`} fill={BRAND} fillOpacity={0.25 + (0.6 * i) / n} />
            <Text x={W / 2} y={top + 14} fill={i > n / 2 ? '#fff' : '#1f2329'}>
              {label(p, lang)}
            </Text>
          </g>
        );
      });
      break;
    }
    case 'hand': {
      h = 190;
      const heights = [70, 110, 120, 110, 90];
      body = (
        <>
          <rect x={60} y={120} width={220} height={60} rx={24} fill={SOFT} stroke={BRAND} />
          {pts.slice(0, 5).map((p, i) => {
            const x = 66 + i * 44;
            const fh = heights[i];
            return (
              <g key={i}>
                <rect x={x} y={130 - fh} width={38} height={fh} rx={19} fill={SOFT} stroke={BRAND} />
                <Text x={x + 19} y={130 - fh + 22} size={16} fill={BRAND}>
                  {label(p, lang)}
                </Text>
              </g>
            );
          })}
        </>
      );
      break;
    }
    case 'shape': {
      h = 20 + pts.length * 30;
      body = pts.map((p, i) => {
        const v = parseFloat(p.value ?? '') || 0;
        const w = (v / 40) * (W - 120);
        return (
          <g key={i}>
            <rect x={(W - 100 - w) / 2} y={8 + i * 30} width={w} height={24} rx={4} fill={BRAND} fillOpacity={0.35 + v / 80} />
            <Text x={W - 96} y={20 + i * 30} anchor="start" size={12}>
              {`${label(p, lang)} ${p.value ?? ''}`}
            </Text>
          </g>
        );
      });
      break;
    }
    default:
      return null;
  }
  return (
    <svg className="pt-diagram" viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill={BRAND} />
        </marker>
      </defs>
      {body}
    </svg>
  );
}
