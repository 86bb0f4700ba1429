// The table kind (and the plan kind, a table with owner, due date and status)
// on a phone: one card per row, one field per typed column, edited cell by
// cell; required cells still empty are marked; rows take dot votes.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n';
import { newId } from '../live/ids';
import type { Column, Row, TableState } from '../protocol/messages.gen';
import { cellText, isEmpty } from './cells';
import { dotsBy, ItemComments, VoteControl, VotesLeft } from './common';
import type { BoardProps } from './types';

export default function TableBoard({ client, view, readOnly, visiting }: BoardProps) {
  const { t, i18n } = useTranslation('kinds');
  const s = view.state as unknown as TableState;
  const me = client.you?.id ?? '';
  const lang = i18n.language;
  const rows = useMemo(() => Object.values(s.rows ?? {}).sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id)), [s.rows]);
  const people = useMemo(() => {
    const m = new Map<string, string>();
    for (const x of view.members) if (x.kind === 'participant') m.set(x.id, x.name);
    if (client.you && client.you.kind === 'participant') m.set(client.you.id, client.you.name);
    return [...m.entries()].map(([id, name]) => ({ id, name }));
  }, [view.members, client.you]);
  const editable = !readOnly && !visiting;
  const submit = (op: Record<string, unknown> & { kind: string }) => client.submit(view.id, op);
  const full = rows.length >= (s.max_rows ?? 0);
  const perPerson = s.votes_per_person ?? 0;

  return (
    <section className="pk-table" aria-label={t('table.label')}>
      {!readOnly && perPerson > 0 && <VotesLeft perPerson={perPerson} used={dotsBy(s.votes, me)} />}
      {rows.length === 0 && <p className="pk-empty">{editable ? t('table.emptyEditable') : t('table.empty')}</p>}
      <ol className="pk-rows">
        {rows.map((r, i) => (
          <RowCard
            key={r.id}
            row={r}
            index={i + 1}
            state={s}
            lang={lang}
            me={me}
            people={people}
            editable={editable}
            canVote={!readOnly || !!visiting}
            pending={view.pendingKeys.has(`rows/${r.id}`)}
            editors={view.members.filter((m) => m.conn !== client.conn && m.editing?.startsWith(r.id + '.')).map((m) => m.name)}
            onFocus={(col) => client.setEditing(view.id, col ? `${r.id}.${col}` : null)}
            submit={submit}
          />
        ))}
      </ol>
      {editable && (
        <button type="button" className="pp-btn pp-btn-block" disabled={full} onClick={() => submit({ kind: 'row.add', id: 'r-' + newId() })}>
          {full ? t('table.full', { max: s.max_rows }) : t('table.addRow')}
        </button>
      )}
      <ItemComments comments={s.comments} item="" />
    </section>
  );
}

function RowCard({
  row,
  index,
  state,
  lang,
  me,
  people,
  editable,
  canVote,
  pending,
  editors,
  onFocus,
  submit,
}: {
  row: Row;
  index: number;
  state: TableState;
  lang: string;
  me: string;
  people: { id: string; name: string }[];
  editable: boolean;
  canVote: boolean;
  pending: boolean;
  editors: string[];
  onFocus: (col: string | null) => void;
  submit: (op: Record<string, unknown> & { kind: string }) => void;
}) {
  const { t } = useTranslation('kinds');
  const [confirm, setConfirm] = useState(false);
  const missing = state.columns.filter((c) => c.required && isEmpty(row.cells?.[c.id])).length;
  return (
    <li className={`pk-row${pending ? ' is-pending' : ''}`} data-row={row.id}>
      <header className="pk-row-head">
        <span className="pk-row-no">{t('table.row', { n: index })}</span>
        {missing > 0 && <span className="pk-missing-tag">{t('table.missing', { count: missing })}</span>}
        {editors.length > 0 && <span className="pk-editing">{t('editing', { names: editors.join(t('common:presence.separator')) })}</span>}
        <VoteControl votes={state.votes} item={row.id} me={me} perPerson={state.votes_per_person ?? 0} canVote={canVote} onVote={(kind) => submit({ kind, row: row.id })} />
      </header>
      <div className="pk-fields">
        {state.columns.map((c) => (
          <Field
            key={c.id}
            column={c}
            value={row.cells?.[c.id]}
            lang={lang}
            me={me}
            people={people}
            editable={editable}
            onFocus={(on) => onFocus(on ? c.id : null)}
            onSet={(value) => submit({ kind: 'cell.set', row: row.id, column: c.id, value })}
          />
        ))}
      </div>
      <ItemComments comments={state.comments} item={row.id} />
      {editable &&
        (confirm ? (
          <div className="pk-confirm">
            <button type="button" className="pp-btn pp-btn-small pk-danger" onClick={() => submit({ kind: 'row.delete', id: row.id })}>
              {t('table.confirmDelete')}
            </button>
            <button type="button" className="pp-btn pp-btn-small" onClick={() => setConfirm(false)}>
              {t('cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="pk-link" onClick={() => setConfirm(true)}>
            {t('table.deleteRow')}
          </button>
        ))}
    </li>
  );
}

function Field({
  column: c,
  value,
  lang,
  me,
  people,
  editable,
  onFocus,
  onSet,
}: {
  column: Column;
  value: unknown;
  lang: string;
  me: string;
  people: { id: string; name: string }[];
  editable: boolean;
  onFocus: (on: boolean) => void;
  onSet: (value: unknown) => void;
}) {
  const { t } = useTranslation('kinds');
  const stored = cellText(c, value, lang);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState('');
  const id = useId();
  const missing = c.required && isEmpty(value);
  const label = (
    <span className="pk-field-label">
      {pick(c.title, lang)}
      {c.required && <span className="pk-required">{t('table.required')}</span>}
      {c.type === 'money' && <span className="pk-unit">{t('table.currency', { code: c.currency || 'CNY' })}</span>}
      {c.type === 'percent' && <span className="pk-unit">%</span>}
    </span>
  );

  if (!editable) {
    return (
      <div className={`pk-field${missing ? ' is-missing' : ''}`}>
        {label}
        <span className="pk-field-value">{stored || t('table.emptyCell')}</span>
      </div>
    );
  }

  if (c.type === 'select') {
    const chosen = Array.isArray(value) ? (value as string[]) : isEmpty(value) ? [] : [value as string];
    const toggle = (opt: string) => {
      if (c.multiple) {
        const next = chosen.includes(opt) ? chosen.filter((x) => x !== opt) : [...chosen, opt];
        onSet(next);
      } else {
        onSet(chosen.includes(opt) ? null : opt);
      }
    };
    return (
      <fieldset className={`pk-field${missing ? ' is-missing' : ''}`}>
        <legend>{label}</legend>
        <div className="pk-chips" role="group">
          {(c.options ?? []).map((o) => (
            <button key={o.id} type="button" className={`pk-chip${chosen.includes(o.id) ? ' is-on' : ''}`} aria-pressed={chosen.includes(o.id)} onClick={() => toggle(o.id)}>
              {pick(o.title, lang)}
            </button>
          ))}
        </div>
      </fieldset>
    );
  }

  const commit = () => {
    onFocus(false);
    if (draft === null) return;
    const text = draft.trim();
    setDraft(null);
    if (text === stored) return;
    if (text === '') return onSet(null);
    switch (c.type) {
      case 'number':
      case 'percent': {
        const n = Number(text.replace(/[,，\s%]/g, ''));
        if (!Number.isFinite(n)) return setError(t('table.notNumber'));
        if ((c.min != null && n < c.min) || (c.max != null && n > c.max) || (c.type === 'percent' && (n < 0 || n > 100) && c.min == null && c.max == null)) {
          return setError(t('table.outOfRange', { min: c.min ?? 0, max: c.max ?? (c.type === 'percent' ? 100 : '∞') }));
        }
        if (c.integer && !Number.isInteger(n)) return setError(t('table.notInteger'));
        setError('');
        return onSet(n);
      }
      case 'money': {
        const n = Number(text.replace(/[,，\s¥￥$]/g, ''));
        if (!Number.isFinite(n)) return setError(t('table.notNumber'));
        setError('');
        return onSet(Math.round(n * 100));
      }
      case 'person': {
        const match = people.find((p) => p.name === text);
        return onSet(match ? { id: match.id, name: match.name } : { name: text });
      }
      default:
        return onSet(text);
    }
  };

  const common = {
    id,
    value: draft ?? stored,
    onFocus: () => onFocus(true),
    onBlur: commit,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      setError('');
    },
    'aria-invalid': missing || !!error,
    className: 'pp-input pk-input',
  };
  let input;
  switch (c.type) {
    case 'text':
      input = <textarea {...common} rows={2} maxLength={500} />;
      break;
    case 'date':
      input = (
        <input
          {...common}
          type="date"
          onChange={(e) => {
            setDraft(null);
            onSet(e.target.value || null);
          }}
        />
      );
      break;
    case 'person':
      input = (
        <>
          <input {...common} list={id + '-people'} maxLength={40} autoComplete="off" />
          <datalist id={id + '-people'}>
            {people.map((p) => (
              <option key={p.id} value={p.name} />
            ))}
          </datalist>
          {me && people.some((p) => p.id === me) && (value as { id?: string } | undefined)?.id !== me && (
            <button type="button" className="pk-link" onClick={() => onSet(people.find((p) => p.id === me))}>
              {t('table.assignMe')}
            </button>
          )}
        </>
      );
      break;
    default:
      input = <input {...common} inputMode="decimal" />;
  }
  return (
    <div className={`pk-field${missing ? ' is-missing' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {input}
      {error && <p className="pp-field-error">{error}</p>}
      {c.hint && <p className="pk-hint">{pick(c.hint, lang)}</p>}
    </div>
  );
}
