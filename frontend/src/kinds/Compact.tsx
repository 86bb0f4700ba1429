// A board at a glance, read-only: the console's group cards and the
// projector's spotlight (large). One renderer per kind, same data as the
// phone's board.
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { CanvasState, Comment, FunnelState, NotesState, PollState, ReflectionState, TableState } from '../protocol/messages.gen';
import { amount, count, pct } from '../funnel/format';
import { cellText } from './cells';
import { dotsOn } from './common';
import './compact.css';

export function CompactBoard({ kind, state, size = 'normal' }: { kind: string; state: unknown; size?: 'normal' | 'large' }) {
  const cls = `pkc pkc-${size}`;
  switch (kind) {
    case 'notes':
      return <CompactNotes s={state as NotesState} cls={cls} />;
    case 'table':
    case 'plan':
      return <CompactTable s={state as TableState} cls={cls} />;
    case 'canvas':
      return <CompactCanvas s={state as CanvasState} cls={cls} />;
    case 'poll':
      return <CompactPoll s={state as PollState} cls={cls} />;
    case 'reflection':
      return <CompactReflection s={state as ReflectionState} cls={cls} />;
    case 'funnel':
      return <CompactFunnel s={state as FunnelState} cls={cls} />;
  }
  return null;
}

function Empty() {
  const { t } = useTranslation('kinds');
  return <p className="pkc-empty">{t('compact.empty')}</p>;
}

function Votes({ n }: { n: number }) {
  const { t } = useTranslation('kinds');
  if (n <= 0) return null;
  return (
    <span className="pkc-votes" aria-label={t('compact.votes', { count: n })} data-total={n}>
      {n}
    </span>
  );
}

function coached(comments: Record<string, Comment> | undefined, item: string): boolean {
  return Object.values(comments ?? {}).some((c) => c.item === item && c.author.kind === 'trainer');
}

function CompactNotes({ s, cls }: { s: NotesState; cls: string }) {
  const { i18n } = useTranslation('kinds');
  const notes = Object.values(s.notes ?? {});
  if (notes.length === 0) return <Empty />;
  return (
    <div className={cls}>
      {(s.lanes ?? []).map((l) => {
        const list = notes.filter((n) => n.lane === l.id).sort((a, b) => dotsOn(s.votes, b.id) - dotsOn(s.votes, a.id) || a.pos - b.pos);
        if (list.length === 0) return null;
        return (
          <section key={l.id} className="pkc-group">
            <h4>{pick(l.title, i18n.language)}</h4>
            <ul>
              {list.map((n) => (
                <li key={n.id} data-note={n.id} className={coached(s.comments, n.id) ? 'is-coached' : undefined}>
                  <span className="pkc-text">{n.text}</span>
                  <Votes n={dotsOn(s.votes, n.id)} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function CompactTable({ s, cls }: { s: TableState; cls: string }) {
  const { t, i18n } = useTranslation('kinds');
  const rows = Object.values(s.rows ?? {}).sort((a, b) => a.pos - b.pos);
  if (rows.length === 0) return <Empty />;
  const cols = (s.columns ?? []).slice(0, 4);
  return (
    <div className={cls}>
      <table className="pkc-table">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c.id}>{pick(c.title, i18n.language)}</th>
            ))}
            {(s.votes_per_person ?? 0) > 0 && <th>{t('compact.votesHead')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-row={r.id} className={coached(s.comments, r.id) ? 'is-coached' : undefined}>
              {cols.map((c) => {
                const v = cellText(c, r.cells?.[c.id], i18n.language);
                return (
                  <td key={c.id} className={!v && c.required ? 'is-missing' : undefined}>
                    {v || (c.required ? t('compact.missing') : '')}
                  </td>
                );
              })}
              {(s.votes_per_person ?? 0) > 0 && (
                <td>
                  <Votes n={dotsOn(s.votes, r.id)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CompactCanvas({ s, cls }: { s: CanvasState; cls: string }) {
  const { i18n } = useTranslation('kinds');
  const notes = Object.values(s.notes ?? {});
  return (
    <div className={`${cls}${s.picture === 'iceberg' ? ' pkc-iceberg' : ''}`}>
      {(s.zones ?? []).map((z) => {
        const list = notes.filter((n) => n.zone === z.id).sort((a, b) => a.pos - b.pos);
        return (
          <section key={z.id} className={`pkc-group pkc-zone-${z.layer || 'plain'}`} data-zone={z.id}>
            <h4>
              {pick(z.title, i18n.language)} <span className="pkc-count">{s.counts?.[z.id] ?? list.length}</span>
            </h4>
            <ul>
              {list.map((n) => (
                <li key={n.id} data-note={n.id}>
                  <span className="pkc-text">{n.text}</span>
                  <Votes n={dotsOn(s.votes, n.id)} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function CompactPoll({ s, cls }: { s: PollState; cls: string }) {
  const { i18n } = useTranslation('kinds');
  const total = Object.keys(s.ballots ?? {}).length;
  return (
    <div className={cls}>
      <ul className="pkc-poll">
        {(s.options ?? []).map((o) => {
          const n = s.counts?.[o.id] ?? 0;
          return (
            <li key={o.id} data-option={o.id}>
              <span className="pkc-bar" style={{ width: `${total ? (n / total) * 100 : 0}%` }} aria-hidden="true" />
              <span className="pkc-text">{pick(o.title, i18n.language)}</span>
              <span className="pkc-n">{n}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function CompactReflection({ s, cls }: { s: ReflectionState; cls: string }) {
  const { t } = useTranslation('kinds');
  return <p className={cls}>{t('compact.reflection', { count: Object.keys(s.answers ?? {}).length })}</p>;
}

/** A funnel board: which data, its headline numbers and leak, and the group's findings. */
function CompactFunnel({ s, cls }: { s: FunnelState; cls: string }) {
  const { t, i18n } = useTranslation('funnel');
  const lang = i18n.language;
  const r = s.result;
  const findings = Object.values(s.findings ?? {}).sort((a, b) => a.seq - b.seq);
  return (
    <div className={`${cls} pkc-funnel`}>
      {r && s.dataset ? (
        <>
          <p className="pkc-funnel-data" data-dataset={s.dataset.source}>
            {s.dataset.name}
          </p>
          <p className="pkc-funnel-numbers">
            {t('compact.numbers', { opportunities: count(r.opportunities, lang), winRate: pct(r.win_rate), weighted: amount(r.weighted_pipeline, lang) })}
          </p>
          {r.biggest_leak && (
            <p className="pkc-funnel-leak">{t('compact.leak', { from: r.biggest_leak.from, to: r.biggest_leak.to, rate: pct(r.biggest_leak.conversion) })}</p>
          )}
        </>
      ) : (
        <p className="pkc-empty">{t('compact.noData')}</p>
      )}
      {findings.length === 0 ? (
        <p className="pkc-empty">{t('compact.noFindings')}</p>
      ) : (
        <section className="pkc-group">
          <h4>{t('compact.findings', { count: findings.length })}</h4>
          <ul>
            {findings.map((f) => (
              <li key={f.id} data-finding={f.id} className={coached(s.comments, f.id) ? 'is-coached' : undefined}>
                <span className="pkc-text">
                  <span className="pkc-topic">{t(`topics.${f.topic}`)}</span> {f.text}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
