// The funnel kind on a phone (activity 5.0): every group reads the same
// analysis the trainer loaded — key numbers, conversion stage by stage, the
// biggest leak, the funnel's shape, stuck deals — and writes down what it
// finds. The funnel is drawn with plain bars (no chart library), so the
// phone downloads nothing heavy; findings show at once (optimistic).
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { ItemComments } from '../kinds/common';
import type { BoardProps } from '../kinds/types';
import { newId } from '../live/ids';
import type { FunnelFinding, FunnelResult, FunnelState } from '../protocol/messages.gen';
import { amount, count, pct, wholeDays } from './format';
import { FUNNEL_TOPICS, MAX_FINDING_TEXT, type FunnelTopic } from './predict';
import '../kinds/kinds.css';
import './funnel-board.css';

type Draft = { topic: FunnelTopic; finding?: FunnelFinding };

export default function FunnelBoard({ client, view, readOnly, visiting }: BoardProps) {
  const { t } = useTranslation('funnel');
  const s = view.state as unknown as FunnelState;
  const editable = !readOnly && !visiting;
  const [draft, setDraft] = useState<Draft | null>(null);
  const findings = useMemo(() => Object.values(s.findings ?? {}).sort((a, b) => a.seq - b.seq || a.id.localeCompare(b.id)), [s.findings]);
  const editors = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const m of view.members) if (m.editing && m.conn !== client.conn) out.set(m.editing, [...(out.get(m.editing) ?? []), m.name]);
    return out;
  }, [view.members, client.conn]);
  const note = editable ? (topic: FunnelTopic) => setDraft({ topic }) : undefined;
  const close = () => {
    setDraft(null);
    client.setEditing(view.id, null);
  };

  return (
    <section className="fb-board" aria-label={t('board.label')}>
      {s.result && s.dataset ? (
        <Analysis result={s.result} dataset={s.dataset.name} findings={findings.length} onNote={note} />
      ) : (
        <div className="fb-card fb-waiting" role="status">
          <h2 className="fb-h">{t('board.noDataTitle')}</h2>
          <p className="pk-muted">{t('board.noData')}</p>
        </div>
      )}

      <section className="fb-card fb-findings" aria-labelledby="fb-findings-title">
        <div className="fb-findings-head">
          <h2 id="fb-findings-title" className="fb-h">
            {t('board.findings', { count: findings.length })}
          </h2>
          {editable && (
            <button type="button" className="pp-btn pp-btn-small" onClick={() => setDraft({ topic: 'leak' })}>
              {t('board.add')}
            </button>
          )}
        </div>
        {findings.length === 0 ? (
          <p className="pk-muted">{editable ? t('board.noFindings') : t('board.noFindingsRead')}</p>
        ) : (
          <ul className="fb-finding-list">
            {findings.map((f) => {
              const pending = view.pendingKeys.has(`findings/${f.id}`);
              const by = editors.get(f.id);
              return (
                <li key={f.id} className={`fb-finding${pending ? ' is-pending' : ''}`} data-finding={f.id}>
                  <span className={`fb-topic fb-topic-${f.topic}`}>{t(`topics.${f.topic}`)}</span>
                  {editable ? (
                    <button
                      type="button"
                      className="fb-finding-text pk-text-button"
                      onClick={() => {
                        setDraft({ topic: f.topic as FunnelTopic, finding: f });
                        client.setEditing(view.id, f.id);
                      }}
                      aria-label={t('board.edit', { text: f.text })}
                    >
                      {f.text}
                    </button>
                  ) : (
                    <p className="fb-finding-text">{f.text}</p>
                  )}
                  <p className="fb-finding-meta">
                    {by ? <span className="pk-editing">{t('board.editing', { names: by.join('、') })}</span> : <span>{f.author.name}</span>}
                    {pending && <span>{t('board.saving')}</span>}
                  </p>
                  <ItemComments comments={s.comments} item={f.id} />
                </li>
              );
            })}
          </ul>
        )}
        <ItemComments comments={s.comments} item="" />
      </section>

      {draft && <FindingSheet draft={draft} onClose={close} submit={(op) => client.submit(view.id, op)} />}
    </section>
  );
}

/** The shared analysis, read top to bottom on a phone. */
function Analysis({ result: r, dataset, findings, onNote }: { result: FunnelResult; dataset: string; findings?: number; onNote?: (topic: FunnelTopic) => void }) {
  const { t, i18n } = useTranslation('funnel');
  const lang = i18n.language;
  const [allStuck, setAllStuck] = useState(false);
  const open = r.stages.filter((x) => !x.won && !x.lost);
  const won = r.stages.find((x) => x.won);
  const bars = won ? [...open, won] : open;
  const top = Math.max(1, ...bars.map((x) => x.reached));
  const leak = r.biggest_leak;
  const cycle = wholeDays(r.avg_cycle_days);
  const stuck = allStuck ? r.stuck : r.stuck.slice(0, 5);
  const noteButton = (topic: FunnelTopic) =>
    onNote && (
      <button type="button" className="fb-note-btn" onClick={() => onNote(topic)}>
        {t('board.noteThis')}
      </button>
    );

  return (
    <>
      <p className="fb-dataset">
        <span className="fb-nowrap">{dataset}</span> · <span className="fb-nowrap">{t('result.asOf', { date: r.as_of })}</span>
      </p>
      {findings !== undefined && (
        <button
          type="button"
          className="pk-link fb-jump"
          onClick={() => document.getElementById('fb-findings-title')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
        >
          {t('board.toFindings', { count: findings })}
        </button>
      )}
      <dl className="fb-stats">
        <div className="fb-stat is-wide">
          <dt>{t('result.opportunities')}</dt>
          <dd data-stat="opportunities">{count(r.opportunities, lang)}</dd>
          <dd className="fb-sub">{t('board.split', { won: count(r.won, lang), lost: count(r.lost, lang), open: count(r.open, lang) })}</dd>
        </div>
        <div className="fb-stat">
          <dt>{t('result.winRate')}</dt>
          <dd data-stat="win_rate">{pct(r.win_rate)}</dd>
        </div>
        <div className="fb-stat">
          <dt>{t('result.cycle')}</dt>
          <dd data-stat="cycle">{cycle == null ? '—' : t('result.days', { count: cycle })}</dd>
        </div>
        <div className="fb-stat">
          <dt>{t('result.weighted')}</dt>
          <dd data-stat="weighted">{amount(r.weighted_pipeline, lang)}</dd>
          <dd className="fb-sub">{t('board.pipeline', { amount: amount(r.pipeline, lang) })}</dd>
        </div>
        <div className="fb-stat">
          <dt>{t('result.velocity')}</dt>
          <dd data-stat="velocity">{amount(r.velocity_per_day, lang)}</dd>
        </div>
        {r.target && (
          <div className="fb-stat is-wide">
            <dt>{t('result.coverage')}</dt>
            <dd data-stat="coverage">
              {t('result.coverageValue', { plain: r.target.coverage?.toFixed(2) ?? '—', weighted: r.target.weighted_coverage?.toFixed(2) ?? '—' })}
            </dd>
            <dd className="fb-sub">{t('board.remaining', { amount: amount(r.target.remaining, lang) })}</dd>
          </div>
        )}
      </dl>

      <section className="fb-card" aria-labelledby="fb-funnel-title">
        <h2 id="fb-funnel-title" className="fb-h">
          {t('board.funnel')}
        </h2>
        <ol className="fb-funnel">
          {bars.map((x, i) => {
            const isLeak = !!leak && leak.from === x.name;
            const last = i === bars.length - 1;
            return (
              <li key={x.name} className={`fb-stage${x.won ? ' is-won' : ''}`} data-stage={x.name}>
                <div className="fb-stage-head">
                  <span className="fb-stage-name">{x.name}</span>
                  <span className="fb-stage-n">{count(x.reached, lang)}</span>
                </div>
                <div className="fb-bar" style={{ width: `${Math.max(8, (x.reached / top) * 100)}%` }} aria-hidden="true" />
                {!x.won && (x.open > 0 || x.stuck > 0) && (
                  <p className="fb-stage-note">
                    {t('board.openHere', { count: x.open })}
                    {x.stuck > 0 && <span className="fb-stuck-n"> · {t('board.stuckHere', { count: x.stuck })}</span>}
                  </p>
                )}
                {!last && !x.won && (
                  <p className={`fb-step${isLeak ? ' is-leak' : ''}`}>
                    <span aria-hidden="true">↓ </span>
                    {t('board.conversion', { rate: pct(x.conversion) })}
                    {x.lost_here > 0 && <span> · {t('board.lostHere', { count: x.lost_here })}</span>}
                    {isLeak && <strong> · {t('board.leakTag')}</strong>}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <p className="pk-muted fb-source">{t(`board.conversionSource.${r.conversion_source === 'history' ? 'history' : 'inferred'}`)}</p>
      </section>

      {leak && (
        <section className="fb-card fb-leak" aria-labelledby="fb-leak-title">
          <h2 id="fb-leak-title" className="fb-h">
            {t('board.leakTitle')}
          </h2>
          <p className="fb-big">
            {leak.from} → {leak.to}
          </p>
          <p>{t('board.leakText', { rate: pct(leak.conversion), lost: count(leak.lost, lang) })}</p>
          {noteButton('leak')}
        </section>
      )}

      <section className={`fb-card fb-shape is-${r.shape.kind}`} aria-labelledby="fb-shape-title">
        <h2 id="fb-shape-title" className="fb-h">
          {t('result.shape')}
        </h2>
        <p className="fb-big">{pick(r.shape.title, lang)}</p>
        <p>{pick(r.shape.meaning, lang)}</p>
        {r.shape.findings.length > 0 && (
          <ul className="fb-evidence">
            {r.shape.findings.map((f, i) => (
              <li key={i}>
                {pick(f.title, lang) === pick(r.shape.title, lang)
                  ? pick(f.evidence, lang)
                  : t('board.evidence', { title: pick(f.title, lang), evidence: pick(f.evidence, lang) })}
              </li>
            ))}
          </ul>
        )}
        {noteButton('shape')}
      </section>

      <section className="fb-card" aria-labelledby="fb-stuck-title">
        <h2 id="fb-stuck-title" className="fb-h">
          {t('board.stuckTitle', { count: r.stuck_total })}
        </h2>
        {r.stuck.length === 0 ? (
          <p className="pk-muted">{t('board.noStuck')}</p>
        ) : (
          <>
            <p className="pk-muted">{t('board.stuckIntro')}</p>
            <ul className="fb-stuck">
              {stuck.map((d) => (
                <li key={`${d.row}-${d.id}`}>
                  <div className="fb-stuck-head">
                    <span className="fb-stuck-id">{d.id}</span>
                    <span className="fb-over">{t('board.over', { count: d.days_over })}</span>
                  </div>
                  <p className="fb-stuck-meta">
                    {[d.stage, d.owner, d.amount == null ? '' : amount(d.amount, lang), t('board.inStage', { days: d.days, max: d.max_days })]
                      .filter(Boolean)
                      .map((part, i) => (
                        <Fragment key={i}>
                          {i > 0 && ' · '}
                          <span className="fb-nowrap">{part}</span>
                        </Fragment>
                      ))}
                  </p>
                </li>
              ))}
            </ul>
            {r.stuck.length > 5 && (
              <button type="button" className="pk-link" onClick={() => setAllStuck(!allStuck)} aria-expanded={allStuck}>
                {allStuck ? t('board.fewerStuck') : t('board.moreStuck', { count: r.stuck.length - 5 })}
              </button>
            )}
          </>
        )}
        {noteButton('stuck')}
      </section>

      {r.limits.length + r.warnings.length > 0 && (
        <details className="fb-card fb-limits">
          <summary>{t('board.limits', { count: r.limits.length + r.warnings.length })}</summary>
          <ul>
            {[...r.limits, ...r.warnings].map((n, i) => (
              <li key={`${n.code}-${i}`}>{pick(n.text, lang)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** Adding or editing a finding: its topic and its text. */
function FindingSheet({ draft, onClose, submit }: { draft: Draft; onClose: () => void; submit: (op: Record<string, unknown> & { kind: string }) => void }) {
  const { t } = useTranslation('funnel');
  const f = draft.finding;
  const [topic, setTopic] = useState<FunnelTopic>(draft.topic);
  const [text, setText] = useState(f?.text ?? '');
  const [error, setError] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = () => {
    const v = text.trim();
    if (!v) return setError(t('board.textRequired'));
    if ([...v].length > MAX_FINDING_TEXT) return setError(t('board.textTooLong', { max: MAX_FINDING_TEXT }));
    if (!f) submit({ kind: 'finding.add', id: 'f-' + newId(), topic, text: v });
    else if (v !== f.text || topic !== f.topic) {
      submit({ kind: 'finding.edit', id: f.id, ...(topic !== f.topic ? { topic } : {}), ...(v !== f.text ? { text: v } : {}) });
    }
    onClose();
  };
  return (
    <div className="pk-sheet-backdrop" role="presentation" onClick={onClose}>
      <div className="pk-sheet" role="dialog" aria-modal="true" aria-labelledby="fb-sheet-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="fb-sheet-title" className="pp-h2">
          {f ? t('board.editTitle') : t('board.addTitle')}
        </h2>
        <fieldset className="pp-fieldset">
          <legend className="pp-label">{t('board.topic')}</legend>
          <div className="pk-chips">
            {FUNNEL_TOPICS.map((x) => (
              <button key={x} type="button" className={`pk-chip${topic === x ? ' is-on' : ''}`} aria-pressed={topic === x} onClick={() => setTopic(x)}>
                {t(`topics.${x}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="pp-label" htmlFor="fb-finding-text">
          {t('board.text')}
        </label>
        <textarea
          id="fb-finding-text"
          className="pp-input"
          rows={4}
          value={text}
          autoFocus
          placeholder={t(`board.placeholder.${topic}`)}
          onChange={(e) => {
            setText(e.target.value);
            setError('');
          }}
          aria-invalid={!!error}
          aria-describedby="fb-finding-count"
        />
        <p id="fb-finding-count" className="pk-muted fb-counter">
          {error ? <span className="pp-field-error">{error}</span> : <span />}
          <span>{t('board.counter', { count: [...text].length, max: MAX_FINDING_TEXT })}</span>
        </p>
        <div className="pk-sheet-actions">
          {f &&
            (confirmDelete ? (
              <button
                type="button"
                className="pp-btn pk-danger"
                onClick={() => {
                  submit({ kind: 'finding.delete', id: f.id });
                  onClose();
                }}
              >
                {t('board.deleteConfirm')}
              </button>
            ) : (
              <button type="button" className="pp-btn pk-danger" onClick={() => setConfirmDelete(true)}>
                {t('board.delete')}
              </button>
            ))}
          <button type="button" className="pp-btn" onClick={onClose}>
            {t('board.cancel')}
          </button>
          <button type="button" className="pp-btn pp-btn-primary" onClick={save}>
            {t('board.save')}
          </button>
        </div>
      </div>
    </div>
  );
}
