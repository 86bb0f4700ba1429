// The stages board (3.1, 3.2) on a phone: the customer's buying steps, then
// one card per sales stage with its probability, mapping, breakthrough
// actions, exit criterion, evidence, fields to record, max days and forecast
// category. Co-edited live; the server's checks show at the field.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardView } from '../live/boardStore';
import { newId } from '../live/ids';
import type { LiveClient } from '../live/transport';
import { ItemComments } from '../kinds/common';
import type { Comment, StageItem, StagesState } from '../protocol/messages.gen';
import { Field, indexIssues, IssueList, issuesAt, lines, LiveInput } from './fields';
import './playbook.css';

const STATUSES = ['open', 'won', 'lost', 'post_sale'] as const;
const FORECASTS = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;

export default function StagesBoard({ client, view, readOnly }: { client: LiveClient; view: BoardView; readOnly: boolean }) {
  const { t } = useTranslation('playbook');
  const s = view.state as unknown as StagesState;
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const steps = useMemo(() => Object.values(s.steps ?? {}).sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id)), [s.steps]);
  const stages = useMemo(() => Object.values(s.stages ?? {}).sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id)), [s.stages]);
  const submit = (op: Record<string, unknown> & { kind: string }) => client.submit(view.id, op);
  const set = (id: string, field: string, value: unknown) => submit({ kind: 'stage.set', id, field, value });
  const mapped = new Set(stages.map((st) => st.buying_step));

  return (
    <section className="pb-board" aria-label={t('stages.label')}>
      <div className="pb-card">
        <Field label={t('stages.pipeline')} issues={issuesAt(issues, 'pipeline')}>
          {(id, err) => (
            <LiveInput id={id} describedBy={err} disabled={readOnly} value={s.pipeline}
              onCommit={(v) => submit({ kind: 'pipeline.set', pipeline: v })} />
          )}
        </Field>
        <Field label={t('stages.postSalePipeline')} issues={issuesAt(issues, 'post_sale_pipeline')}>
          {(id, err) => (
            <LiveInput id={id} describedBy={err} disabled={readOnly} value={s.post_sale_pipeline}
              onCommit={(v) => submit({ kind: 'pipeline.set', post_sale_pipeline: v })} />
          )}
        </Field>
      </div>

      <div className="pb-card">
        <h2 className="pb-h">{t('stages.buyingSteps')}</h2>
        <ol className="pb-steps">
          {steps.map((b) => (
            <li key={b.id} className={mapped.has(b.id) ? 'is-mapped' : 'is-unmapped'}>
              <span>{b.name}</span>
              <IssueList issues={issuesAt(issues, `steps/${b.id}`)} />
              <ItemComments comments={s.comments} item={b.id} />
            </li>
          ))}
        </ol>
      </div>

      <IssueList issues={issuesAt(issues, 'stages')} />

      {stages.map((st, i) => (
        <StageCard key={st.id} stage={st} n={i + 1} steps={steps} issues={issues} readOnly={readOnly} comments={s.comments}
          pending={view.pendingKeys.has(`stages/${st.id}`)} set={set}
          moveLast={() => submit({ kind: 'stage.move', id: st.id, pos: Math.floor(Math.max(...stages.map((x) => x.pos))) + 1 })}
          onDelete={() => submit({ kind: 'stage.delete', id: st.id })} />
      ))}

      {!readOnly && (
        <button type="button" className="pp-btn pp-btn-block" onClick={() => submit({ kind: 'stage.add', id: 's-' + newId(), name: '' })}>
          {t('stages.add')}
        </button>
      )}
      <ItemComments comments={s.comments} item="" />
    </section>
  );
}

function StageCard({
  stage: st,
  n,
  steps,
  issues,
  readOnly,
  pending,
  set,
  moveLast,
  onDelete,
  comments,
}: {
  stage: StageItem;
  n: number;
  steps: { id: string; name: string }[];
  issues: Map<string, import('../protocol/messages.gen').Issue[]>;
  readOnly: boolean;
  pending: boolean;
  set: (id: string, field: string, value: unknown) => void;
  moveLast: () => void;
  onDelete: () => void;
  comments: Record<string, Comment> | undefined;
}) {
  const { t } = useTranslation('playbook');
  const at = (f: string) => issuesAt(issues, `stages/${st.id}/${f}`);
  const text = (field: keyof StageItem, label: string, opts: { multiline?: boolean; wide?: boolean } = {}) => (
    <Field label={label} issues={at(field)} wide={opts.wide}>
      {(id, err) => (
        <LiveInput id={id} describedBy={err} disabled={readOnly} multiline={opts.multiline} value={String(st[field] ?? '')}
          onCommit={(v) => set(st.id, field, v)} />
      )}
    </Field>
  );
  const list = (field: 'actions' | 'evidence' | 'required_fields', label: string) => (
    <Field label={label} issues={at(field)} wide>
      {(id, err) => (
        <LiveInput id={id} describedBy={err} disabled={readOnly} multiline value={(st[field] ?? []).join('\n')}
          onCommit={(v) => set(st.id, field, lines(v))} />
      )}
    </Field>
  );
  const num = (field: 'probability' | 'max_days', label: string, max: number) => (
    <Field label={label} issues={at(field)}>
      {(id, err) => (
        <LiveInput id={id} describedBy={err} disabled={readOnly} type="number" min={0} max={max} value={String(st[field])}
          onCommit={(v) => {
            const x = Number(v);
            if (Number.isInteger(x) && x >= 0 && x <= max) set(st.id, field, x);
          }} />
      )}
    </Field>
  );
  return (
    <article className={`pb-card pb-stage is-${st.status}${pending ? ' is-pending' : ''}`} aria-label={t('stages.stageN', { n, name: st.name || t('stages.unnamed') })}>
      <header className="pb-stage-head">
        <span className="pb-stage-n" aria-hidden="true">{n}</span>
        <span className="pb-stage-name">{st.name || t('stages.unnamed')}</span>
        <span className="pb-stage-prob">{st.probability}%</span>
      </header>
      <div className="pb-grid">
        {text('name', t('stages.name'))}
        {num('probability', t('stages.probability'), 100)}
        <Field label={t('stages.status')} issues={at('status')}>
          {(id, err) => (
            <select id={id} aria-describedby={err} disabled={readOnly} value={st.status}
              onChange={(e) => {
                set(st.id, 'status', e.target.value);
                // Post-sale steps follow the closed stages.
                if (e.target.value === 'post_sale') moveLast();
              }}>
              {STATUSES.map((x) => (
                <option key={x} value={x}>{t(`stages.statuses.${x}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('stages.buyingStep')} issues={at('buying_step')}>
          {(id, err) => (
            <select id={id} aria-describedby={err} disabled={readOnly} value={st.buying_step} onChange={(e) => set(st.id, 'buying_step', e.target.value)}>
              <option value="">{t('stages.noStep')}</option>
              {steps.map((b) => (
                <option key={b.id} value={b.id}>{b.name}</option>
              ))}
            </select>
          )}
        </Field>
        {num('max_days', t('stages.maxDays'), 3650)}
        <Field label={t('stages.forecast')} issues={at('forecast_category')}>
          {(id, err) => (
            <select id={id} aria-describedby={err} disabled={readOnly} value={st.forecast_category} onChange={(e) => set(st.id, 'forecast_category', e.target.value)}>
              {FORECASTS.map((x) => (
                <option key={x} value={x}>{t(`stages.forecasts.${x}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {list('actions', t('stages.actions'))}
        {text('exit_criterion', t('stages.exit'), { multiline: true, wide: true })}
        {list('evidence', t('stages.evidence'))}
        {list('required_fields', t('stages.fields'))}
        {text('code', t('stages.code'))}
      </div>
      <IssueList issues={issuesAt(issues, `stages/${st.id}`)} />
      <ItemComments comments={comments} item={st.id} />
      {!readOnly && (
        <button type="button" className="pp-btn pp-btn-small pb-danger" onClick={onDelete} aria-label={t('stages.deleteNamed', { name: st.name || n })}>
          {t('stages.delete')}
        </button>
      )}
    </article>
  );
}
