// The structured boards other than stages, on a phone: targets (1.2, 1.3),
// KPIs (3.3), customer tiers (4.1), meetings (两会, 5.2), the five tables
// and the 12421 team mix. Co-edited live; checks at each field.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import type { BoardView } from '../live/boardStore';
import { newId } from '../live/ids';
import type { LiveClient } from '../live/transport';
import type {
  Comment,
  KPIsState,
  MeetingsState,
  TablesState,
  TargetsState,
  TeamMixState,
  TiersState,
} from '../protocol/messages.gen';
import { indexIssues, IssueList, issuesAt } from './fields';
import { BoardComments, CommentsOn, FieldInput, ItemsEditor, sortItems, type FieldSpec, type Item, type ListSpec, type Op } from './ItemsEditor';
import './playbook.css';

type T = (k: string, o?: Record<string, unknown>) => string;

const opts = (t: T, prefix: string, values: string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
const yuan = (minor: unknown) => (typeof minor === 'number' ? (minor / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : '');

export default function StructuredBoard({ kind, client, view, readOnly }: { kind: string; client: LiveClient; view: BoardView; readOnly: boolean }) {
  const submit = (op: Op) => client.submit(view.id, op);
  const props = { state: view.state as unknown, submit, readOnly };
  const board = (() => {
    switch (kind) {
      case 'kpis':
        return <KPIsBoard {...props} state={props.state as KPIsState} />;
      case 'tiers':
        return <TiersBoard {...props} state={props.state as TiersState} />;
      case 'meetings':
        return <MeetingsBoard {...props} state={props.state as MeetingsState} />;
      case 'tables':
        return <TablesBoard {...props} state={props.state as TablesState} />;
      case 'team-mix':
        return <TeamMixBoard {...props} state={props.state as TeamMixState} />;
      case 'targets':
        return <TargetsBoard {...props} state={props.state as TargetsState} />;
    }
    return null;
  })();
  if (!board) return null;
  // The trainer's coaching comments: on each item card, and on the board as a whole below it.
  return (
    <BoardComments.Provider value={(view.state as { comments?: Record<string, Comment> }).comments}>
      {board}
      <CommentsOn item="" />
    </BoardComments.Provider>
  );
}

interface BoardProps<S> {
  state: S;
  submit: (op: Op) => void;
  readOnly: boolean;
}

function KPIsBoard({ state: s, submit, readOnly }: BoardProps<KPIsState>) {
  const { t } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const spec: ListSpec = {
    key: 'metrics', op: 'kpi', title: t('kpis.title'), addLabel: t('kpis.add'), itemTitle: (it) => String(it.name || t('items.unnamed')),
    fields: [
      { name: 'name', label: t('kpis.name'), type: 'text' },
      { name: 'kind', label: t('kpis.kind'), type: 'select', options: opts(t, 'kpiKinds', ['process', 'result']) },
      { name: 'weight', label: t('kpis.weight'), type: 'int', min: 0, max: 100 },
      { name: 'period', label: t('kpis.period'), type: 'select', options: opts(t, 'periods', ['week', 'month', 'quarter', 'year']) },
      { name: 'target', label: t('kpis.target'), type: 'number', min: 0 },
      { name: 'unit', label: t('kpis.unit'), type: 'text' },
      { name: 'scoring', label: t('kpis.scoring'), type: 'textarea' },
    ],
  };
  return (
    <section className="pb-board" aria-label={t('kpis.title')}>
      <div className={`pb-card pb-totals${s.totals.weight === 100 ? ' is-ok' : ''}`} aria-live="polite">
        {t('kpis.totals', { weight: s.totals.weight, process: s.totals.process, result: s.totals.result })}
      </div>
      <ItemsEditor spec={spec} items={sortItems(s.metrics)} issues={issues} readOnly={readOnly} submit={submit} />
    </section>
  );
}

function TiersBoard({ state: s, submit, readOnly }: BoardProps<TiersState>) {
  const { t } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const dims: ListSpec = {
    key: 'dimensions', op: 'dimension', title: t('tiers.dimensions'), addLabel: t('tiers.addDimension'), itemTitle: (it) => String(it.name || t('items.unnamed')),
    fields: [
      { name: 'name', label: t('tiers.dimension'), type: 'text' },
      { name: 'description', label: t('tiers.description'), type: 'text' },
    ],
  };
  const tiers: ListSpec = {
    key: 'tiers', op: 'tier', title: t('tiers.tiers'), addLabel: t('tiers.addTier'), itemTitle: (it) => String(it.name || t('items.unnamed')),
    fields: [
      { name: 'name', label: t('tiers.name'), type: 'text' },
      { name: 'visit_cadence', label: t('tiers.cadence'), type: 'text' },
      { name: 'criteria', label: t('tiers.criteria'), type: 'lines' },
      { name: 'resources', label: t('tiers.resources'), type: 'textarea' },
    ],
  };
  return (
    <section className="pb-board" aria-label={t('tiers.title')}>
      <ItemsEditor spec={tiers} items={sortItems(s.tiers)} issues={issues} readOnly={readOnly} submit={submit} />
      <ItemsEditor spec={dims} items={sortItems(s.dimensions)} issues={issues} readOnly={readOnly} submit={submit} />
    </section>
  );
}

function MeetingsBoard({ state: s, submit, readOnly }: BoardProps<MeetingsState>) {
  const { t } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const spec: ListSpec = {
    key: 'meetings', op: 'meeting', title: t('meetings.title'), addLabel: t('meetings.add'), itemTitle: (it) => String(it.name || t('items.unnamed')),
    fields: [
      { name: 'name', label: t('meetings.name'), type: 'text' },
      { name: 'kind', label: t('meetings.kind'), type: 'select', options: opts(t, 'meetingKinds', ['weekly', 'monthly', 'project_review', 'other']) },
      { name: 'cadence', label: t('meetings.cadence'), type: 'text' },
      { name: 'minutes', label: t('meetings.minutes'), type: 'int', min: 0, max: 1440 },
      { name: 'attendees', label: t('meetings.attendees'), type: 'lines' },
      { name: 'inputs', label: t('meetings.inputs'), type: 'checks', options: s.tables.map((x) => ({ value: x.id, label: x.name })) },
      { name: 'outputs', label: t('meetings.outputs'), type: 'lines' },
    ],
    footer: (it) => t('meetings.agendaTotal', { minutes: ((it.agenda as { minutes: number }[]) ?? []).reduce((a, b) => a + b.minutes, 0) }),
  };
  const items = sortItems(s.meetings);
  return (
    <section className="pb-board" aria-label={t('meetings.title')}>
      <ItemsEditor spec={spec} items={items} issues={issues} readOnly={readOnly} submit={submit} />
      {items.map((m) => (
        <AgendaEditor key={m.id} meeting={m} issues={issuesAt(issues, `meetings/${m.id}/agenda`, true)} readOnly={readOnly}
          send={(agenda) => submit({ kind: 'meeting.set', id: m.id, field: 'agenda', value: agenda })} />
      ))}
    </section>
  );
}

/** A meeting's agenda: one line per point, "item, minutes". */
function AgendaEditor({ meeting, issues, readOnly, send }: { meeting: Item; issues: import('../protocol/messages.gen').Issue[]; readOnly: boolean; send: (v: unknown) => void }) {
  const { t } = useTranslation('playbook');
  const agenda = (meeting.agenda as { item: string; minutes: number }[]) ?? [];
  const spec: FieldSpec = { name: 'agenda', label: t('meetings.agenda', { name: meeting.name || t('items.unnamed') }), type: 'textarea' };
  return (
    <div className="pb-card">
      <FieldInput spec={spec} value={agenda.map((a) => `${a.item}, ${a.minutes}`).join('\n')} issues={issues} readOnly={readOnly}
        send={(v) =>
          send(
            String(v)
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean)
              .map((line) => {
                const m = line.match(/^(.*?)[,，\s]+(\d+)\s*(分钟|min)?$/);
                return m ? { item: m[1].trim(), minutes: Number(m[2]) } : { item: line, minutes: 0 };
              }),
          )
        } />
    </div>
  );
}

function TablesBoard({ state: s, submit, readOnly }: BoardProps<TablesState>) {
  const { t, i18n } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const tables = sortItems(s.tables as unknown as Record<string, unknown>);
  const spec: ListSpec = {
    key: 'tables', op: 'table', title: t('tables.title'), addLabel: t('tables.add'), itemTitle: (it) => String(it.name || t('items.unnamed')),
    fields: [
      { name: 'name', label: t('tables.name'), type: 'text' },
      { name: 'frequency', label: t('tables.frequency'), type: 'select', options: opts(t, 'frequencies', ['daily', 'weekly', 'monthly', 'per_deal']) },
      { name: 'owner', label: t('tables.owner'), type: 'text' },
      { name: 'purpose', label: t('tables.purpose'), type: 'textarea' },
    ],
  };
  return (
    <section className="pb-board" aria-label={t('tables.title')}>
      <p className="pb-card pb-interpretation">{pick(s.interpretation, i18n.language)}</p>
      <ItemsEditor spec={spec} items={tables} issues={issues} readOnly={readOnly} submit={submit} />
      {tables.map((tb) => (
        <ItemsEditor key={tb.id} issues={issues} readOnly={readOnly} submit={submit}
          items={sortItems(tb.columns as Record<string, unknown>)}
          spec={{
            key: 'columns', op: 'column', title: t('tables.columns', { name: tb.name }), addLabel: t('tables.addColumn', { name: tb.name }),
            itemTitle: (c) => String(c.name || t('items.unnamed')), addExtra: { table: tb.id, type: 'text' }, refExtra: { table: tb.id },
            issuePath: `tables/${tb.id}/columns`,
            fields: [
              { name: 'name', label: t('tables.column'), type: 'text' },
              { name: 'type', label: t('tables.type'), type: 'select', options: opts(t, 'columnTypes', ['text', 'number', 'money', 'percent', 'date', 'select', 'person']) },
            ],
            footer: (c) => (c.required ? t('tables.required') : ''),
          }} />
      ))}
    </section>
  );
}

function TeamMixBoard({ state: s, submit, readOnly }: BoardProps<TeamMixState>) {
  const { t, i18n } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const [name, setName] = useState('');
  const [level, setLevel] = useState(3);
  const people = sortItems(s.people as unknown as Record<string, unknown>);
  const add = () => {
    const n = name.trim();
    if (!n) return;
    submit({ kind: 'person.add', id: 'p-' + newId(), name: n, level });
    setName('');
  };
  return (
    <section className="pb-board" aria-label={t('team.title')}>
      <p className="pb-card pb-interpretation">{pick(s.interpretation, i18n.language)}</p>
      <div className="pb-card">
        <table className="pb-mix">
          <caption>{t('team.mix', { total: s.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.tier')}</th>
              <th scope="col">{t('team.count')}</th>
              <th scope="col">{t('team.ideal')}</th>
              <th scope="col">{t('team.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {s.mix.map((row, i) => (
              <tr key={row.level} className={row.gap < 0 ? 'is-short' : row.gap > 0 ? 'is-over' : ''}>
                <th scope="row">{s.levels[i]?.name}</th>
                <td>{row.count}</td>
                <td>{row.ideal}</td>
                <td>{row.gap > 0 ? `+${row.gap}` : row.gap}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <IssueList issues={issuesAt(issues, 'people')} />
      </div>
      {!readOnly && (
        <div className="pb-card pb-grid">
          <div className="pb-field">
            <label htmlFor="pb-person-name">{t('team.name')}</label>
            <input id="pb-person-name" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
          </div>
          <div className="pb-field">
            <label htmlFor="pb-person-level">{t('team.tier')}</label>
            <select id="pb-person-level" value={level} onChange={(e) => setLevel(Number(e.target.value))}>
              {s.levels.map((l) => (
                <option key={l.level} value={l.level}>{l.name}</option>
              ))}
            </select>
          </div>
          <button type="button" className="pp-btn pp-btn-block pb-wide" onClick={add} disabled={!name.trim()}>
            {t('team.add')}
          </button>
        </div>
      )}
      <ul className="pb-people">
        {people.map((p) => (
          <li key={p.id} className="pb-card">
            <span>{String(p.name)}</span>
            <select aria-label={t('team.levelOf', { name: p.name })} disabled={readOnly} value={Number(p.level)}
              onChange={(e) => submit({ kind: 'person.set', id: p.id, field: 'level', value: Number(e.target.value) })}>
              {s.levels.map((l) => (
                <option key={l.level} value={l.level}>{l.name}</option>
              ))}
            </select>
            {!readOnly && (
              <button type="button" className="pp-btn pp-btn-small pb-danger" onClick={() => submit({ kind: 'person.delete', id: p.id })} aria-label={t('items.deleteNamed', { name: p.name })}>
                {t('items.delete')}
              </button>
            )}
            <CommentsOn item={p.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function TargetsBoard({ state: s, submit, readOnly }: BoardProps<TargetsState>) {
  const { t } = useTranslation('playbook');
  const issues = useMemo(() => indexIssues(s.issues), [s.issues]);
  const set = (field: string) => (value: unknown) => submit({ kind: 'targets.set', field, value });
  const own = (spec: FieldSpec, path: string, value: unknown) => (
    <FieldInput key={path} spec={spec} value={value} issues={issuesAt(issues, path.split('.').join('/'), true)} readOnly={readOnly} send={set(path)} />
  );
  const quarters = ['Q1', 'Q2', 'Q3', 'Q4'].map((id) => s.quarters[id]).filter(Boolean);
  const regions = sortItems(s.regions as unknown as Record<string, unknown>);
  const reps = sortItems(s.reps as unknown as Record<string, unknown>);
  return (
    <section className="pb-board" aria-label={t('targets.title')}>
      <div className="pb-card">
        <h2 className="pb-h">{t('targets.annual')}</h2>
        <div className="pb-grid">
          {own({ name: 'amount', label: t('targets.amount'), type: 'money' }, 'annual.amount_minor', s.annual.amount_minor)}
          {own({ name: 'year', label: t('targets.fiscalYear'), type: 'int', min: 2000, max: 2100 }, 'fiscal_year', s.fiscal_year || '')}
          {own({ name: 'customers', label: t('targets.customers'), type: 'textarea' }, 'annual.quality.customers', s.annual.quality.customers)}
          {own({ name: 'products', label: t('targets.products'), type: 'textarea' }, 'annual.quality.products', s.annual.quality.products)}
          {own({ name: 'margin', label: t('targets.margin'), type: 'int', min: 0, max: 100 }, 'annual.quality.min_margin_pct', s.annual.quality.min_margin_pct)}
          {own({ name: 'deadline', label: t('targets.deadline'), type: 'date' }, 'annual.deadline', s.annual.deadline)}
          {own({ name: 'owner', label: t('targets.owner'), type: 'text' }, 'annual.owner', s.annual.owner)}
        </div>
      </div>
      <div className="pb-card">
        <h2 className="pb-h">{t('targets.periods')}</h2>
        <IssueList issues={issuesAt(issues, 'quarters')} />
        {quarters.map((q) => (
          <div key={q.id} className="pb-period">
            <div className="pb-grid">
              <FieldInput spec={{ name: 'weight', label: t('targets.weightOf', { name: q.label }), type: 'int', min: 0 }} value={q.weight}
                issues={issuesAt(issues, `quarters/${q.id}`, true)} readOnly={readOnly}
                send={(v) => submit({ kind: 'period.set', id: q.id, field: 'weight', value: v })} />
              <p className="pb-amount" aria-live="polite">{t('targets.amountOf', { amount: yuan(q.amount_minor) })}</p>
            </div>
            <div className="pb-months">
              {['M1', 'M2', 'M3'].map((mid) => {
                const m = q.months?.[mid];
                if (!m) return null;
                return (
                  <FieldInput key={mid} spec={{ name: 'weight', label: t('targets.monthWeight', { name: m.label, amount: yuan(m.amount_minor) }), type: 'int', min: 0 }}
                    value={m.weight} issues={[]} readOnly={readOnly}
                    send={(v) => submit({ kind: 'period.set', id: `${q.id}.${mid}`, field: 'weight', value: v })} />
                );
              })}
            </div>
            <CommentsOn item={q.id} />
          </div>
        ))}
      </div>
      <ItemsEditor issues={issues} readOnly={readOnly} submit={submit} items={regions}
        spec={{
          key: 'regions', op: 'region', title: t('targets.regions'), addLabel: t('targets.addRegion'), itemTitle: (it) => String(it.name || t('items.unnamed')),
          fields: [
            { name: 'name', label: t('targets.regionName'), type: 'text' },
            { name: 'owner', label: t('targets.owner'), type: 'text' },
            { name: 'weight', label: t('targets.weight'), type: 'int', min: 0 },
          ],
          footer: (it) => t('targets.amountOf', { amount: yuan(it.amount_minor) }),
        }} />
      {regions.map((r) => (
        <ItemsEditor key={r.id} issues={issues} readOnly={readOnly} submit={submit} items={reps}
          spec={{
            key: 'reps', op: 'rep', title: t('targets.repsOf', { name: r.name }), addLabel: t('targets.addRep', { name: r.name }),
            itemTitle: (it) => String(it.name || t('items.unnamed')), addExtra: { region: r.id }, filter: (it) => it.region === r.id,
            fields: [
              { name: 'name', label: t('targets.repName'), type: 'text' },
              { name: 'weight', label: t('targets.weight'), type: 'int', min: 0 },
              { name: 'book_weight', label: t('targets.book'), type: 'int', min: 0 },
            ],
            footer: (it) => t('targets.repSplit', { amount: yuan(it.amount_minor), existing: yuan(it.existing_minor), fresh: yuan(it.new_minor) }),
          }} />
      ))}
      <div className="pb-card">
        <h2 className="pb-h">{t('targets.customersSplit')}</h2>
        <div className="pb-grid">
          {own({ name: 'last', label: t('targets.lastYear'), type: 'money' }, 'customers.last_year_revenue_minor', s.customers.last_year_revenue_minor)}
          {own({ name: 'retention', label: t('targets.retention'), type: 'int', min: 0, max: 100 }, 'customers.retention_pct', s.customers.retention_pct)}
          {own({ name: 'growth', label: t('targets.growth'), type: 'int', min: -100, max: 1000 }, 'customers.growth_pct', s.customers.growth_pct)}
        </div>
        <p className="pb-footer" aria-live="polite">{t('targets.split', { existing: yuan(s.customers.existing_minor), fresh: yuan(s.customers.new_minor) })}</p>
        <IssueList issues={[...issuesAt(issues, 'customers'), ...issuesAt(issues, 'customers/existing_minor'), ...issuesAt(issues, 'customers/new_minor')]} />
      </div>
    </section>
  );
}
