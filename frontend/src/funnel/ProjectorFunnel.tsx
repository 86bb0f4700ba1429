// The funnel analysis on the projector (activity 5.0), readable from the back
// of the room: the funnel drawn by ECharts (loaded only here) with each
// stage's count inside and its conversion beside it, four headline numbers,
// the biggest leak and the shape. Spotlit, a group's findings follow; while
// 5.0 is simply the current activity, how many findings each group has.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '../api/types';
import { pick } from '../i18n';
import type { LiveClient } from '../live/transport';
import type { FunnelResult, FunnelState } from '../protocol/messages.gen';
import { GroupMark } from '../shared/GroupMark';
import { sharedAnalysis, useBoardViews } from './boards';
import { EChart } from './EChart';
import { amount, count, pct, wholeDays } from './format';
import './projector-funnel.css';

const BLUES = ['#0f3563', '#1f4e8c', '#2f6db3', '#3f7fc4', '#5a93d0', '#77a8dc'];
const LEAK = '#b45309';
/** Findings shown at once when a group is spotlit (the rest are counted). */
const MAX_SHOWN = 6;

export default function ProjectorFunnel({
  client,
  boards,
  groups,
  spotlight,
}: {
  client: LiveClient;
  /** The groups' boards of the funnel activity. */
  boards: { id: string; group: string }[];
  groups: Group[];
  /** The spotlit group: its findings are shown. */
  spotlight?: string;
}) {
  const { t } = useTranslation('funnel');
  const ids = useMemo(() => boards.map((b) => b.id), [boards]);
  const views = useBoardViews(client, ids);
  const spotView = spotlight ? views[boards.findIndex((b) => b.group === spotlight)] : undefined;
  const spotState = (spotView?.state as unknown as FunnelState | null) ?? null;
  // The spotlit group's own board first; else the analysis every group shares.
  const s = spotState?.result ? spotState : sharedAnalysis(views);
  if (!s?.result) return <p className="pjf-waiting">{t('projector.waiting')}</p>;
  return (
    <div className="pjf" data-testid="projector-funnel">
      <Analysis result={s.result} />
      {spotlight ? (
        <Findings state={spotState} />
      ) : (
        <section className="pjf-groups" aria-label={t('projector.findings')}>
          <h2 className="pjf-h">{t('projector.findings')}</h2>
          <ul>
            {groups.map((g) => {
              const i = boards.findIndex((b) => b.group === g.id);
              const st = i >= 0 ? (views[i]?.state as unknown as FunnelState | null) : null;
              const n = Object.keys(st?.findings ?? {}).length;
              return (
                <li key={g.id} data-group={g.id} data-findings={n}>
                  <GroupMark position={g.position} name={g.name} size={30} />
                  <strong>{t('projector.groupFindings', { count: n })}</strong>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}

function Analysis({ result: r }: { result: FunnelResult }) {
  const { t, i18n } = useTranslation('funnel');
  const lang = i18n.language;
  const leak = r.biggest_leak;
  const option = useMemo(() => {
    const open = r.stages.filter((x) => !x.won && !x.lost);
    const won = r.stages.find((x) => x.won);
    const rows = won ? [...open, won] : open;
    const data = rows.map((x, i) => ({
      name: x.name,
      value: x.reached,
      itemStyle: { color: x.won ? '#1a7f37' : BLUES[Math.min(i, BLUES.length - 1)] },
      conversion: x.won ? null : x.conversion,
      leak: !!leak && leak.from === x.name,
    }));
    // Three funnels of the same geometry: the visible one with each stage's
    // count inside, and two invisible ones carrying the stage's name on the
    // left and its conversion on the right (direct labels, no legend).
    const geometry = { type: 'funnel', sort: 'none', left: '24%', width: '46%', top: 8, bottom: 8, minSize: '22%', gap: 4, silent: true };
    const hidden = { itemStyle: { color: 'rgba(0,0,0,0)', borderWidth: 0 }, labelLine: { show: true, length: 20, lineStyle: { color: '#8a94a3', width: 2 } } };
    return {
      animation: false,
      series: [
        {
          ...geometry,
          label: { show: true, position: 'inside', formatter: (p: { value: number }) => count(p.value, lang), fontSize: 32, fontWeight: 'bold', color: '#fff' },
          data: data.map(({ name, value, itemStyle }) => ({ name, value, itemStyle })),
        },
        {
          ...geometry,
          ...hidden,
          label: { show: true, position: 'left', fontSize: 30, fontWeight: 'bold', color: '#111418', formatter: '{b}' },
          data: data.map(({ name, value }) => ({ name, value })),
        },
        {
          ...geometry,
          ...hidden,
          label: {
            show: true,
            position: 'right',
            fontSize: 30,
            color: '#111418',
            formatter: (p: { dataIndex: number }) => {
              const d = data[p.dataIndex];
              if (d.conversion == null) return '';
              const text = t('board.conversion', { rate: pct(d.conversion) });
              return d.leak ? `{leak|${text}}` : text;
            },
            rich: { leak: { fontSize: 30, fontWeight: 'bold', color: LEAK } },
          },
          data: data.map(({ name, value, conversion }) =>
            conversion == null ? { name, value, label: { show: false }, labelLine: { show: false } } : { name, value },
          ),
        },
      ],
    };
  }, [r, leak, t, lang]);
  const cycle = wholeDays(r.avg_cycle_days);
  return (
    <div className="pjf-analysis">
      <div className="pjf-chart">
        <EChart option={option} height={460} label={t('projector.funnel')} testId="projector-funnel-chart" />
      </div>
      <dl className="pjf-stats">
        <div>
          <dt>{t('result.opportunities')}</dt>
          <dd data-stat="opportunities">{count(r.opportunities, lang)}</dd>
        </div>
        <div>
          <dt>{t('result.winRate')}</dt>
          <dd data-stat="win_rate">{pct(r.win_rate)}</dd>
        </div>
        <div>
          <dt>{t('result.cycle')}</dt>
          <dd>{cycle == null ? '—' : t('result.days', { count: cycle })}</dd>
        </div>
        <div>
          <dt>{t('result.weighted')}</dt>
          <dd>{amount(r.weighted_pipeline, lang)}</dd>
        </div>
      </dl>
      <div className="pjf-callouts">
        {leak && (
          <p className="pjf-leak">
            <span className="pjf-label">{t('projector.leak')}</span>
            {t('projector.leakText', { from: leak.from, to: leak.to, rate: pct(leak.conversion), lost: count(leak.lost, lang) })}
          </p>
        )}
        <p className="pjf-shape">
          <span className="pjf-label">{t('projector.shape')}</span>
          {pick(r.shape.title, lang)}
          {r.stuck_total > 0 && (
            <>
              {' · '}
              {t('board.stuckTitle', { count: r.stuck_total })}
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function Findings({ state }: { state: FunnelState | null }) {
  const { t } = useTranslation('funnel');
  const list = Object.values(state?.findings ?? {}).sort((a, b) => a.seq - b.seq);
  return (
    <section className="pjf-findings" aria-label={t('projector.findings')}>
      {list.length === 0 ? (
        <p className="pjf-waiting">{t('projector.noFindings')}</p>
      ) : (
        <ul>
          {list.slice(0, MAX_SHOWN).map((f) => (
            <li key={f.id} data-finding={f.id}>
              <span className={`pjf-topic pjf-topic-${f.topic}`}>{t(`topics.${f.topic}`)}</span>
              <span>{f.text}</span>
            </li>
          ))}
          {list.length > MAX_SHOWN && <li className="pjf-more">{t('projector.more', { count: list.length - MAX_SHOWN })}</li>}
        </ul>
      )}
    </section>
  );
}
