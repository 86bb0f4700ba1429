// A list of items kept in a map by id (a structured board's KPIs, tiers,
// meetings…), each a card of labelled fields that send one `*.set` per field
// when the person leaves it, with the server's checks at each field.
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemComments } from '../kinds/common';
import { newId } from '../live/ids';
import type { Comment, Issue } from '../protocol/messages.gen';
import { Field, IssueList, issuesAt, lines, LiveInput } from './fields';

export type Op = Record<string, unknown> & { kind: string };

/** The board's coaching comments, for every item card of a structured board. */
export const BoardComments = createContext<Record<string, Comment> | undefined>(undefined);

/** The comments on one item of the board in context (the trainer's coaching, shown live). */
export function CommentsOn({ item }: { item: string }) {
  return <ItemComments comments={useContext(BoardComments)} item={item} />;
}

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'int' | 'number' | 'select' | 'lines' | 'money' | 'date' | 'checks';
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  wide?: boolean;
}

export interface ListSpec {
  /** The state key of the map ("metrics") and the op prefix ("kpi"). */
  key: string;
  op: string;
  title: string;
  addLabel: string;
  fields: FieldSpec[];
  itemTitle: (it: Item) => string;
  /** Extra fields of the add operation (a rep's region). */
  addExtra?: Record<string, unknown>;
  /** Extra fields of every set/delete (a column's table). */
  refExtra?: Record<string, unknown>;
  /** Only the items for which this holds (a region's reps). */
  filter?: (it: Item) => boolean;
  /** The path of the map in the state, for issues (default [key]). */
  issuePath?: string;
  /** Shown under an item's fields (computed values). */
  footer?: (it: Item) => string;
}

export type Item = Record<string, unknown> & { id: string; pos: number };

export function sortItems(m: Record<string, unknown> | undefined): Item[] {
  return Object.values((m ?? {}) as Record<string, Item>).sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id));
}

/** Minor units shown in the major unit (元). */
export function fromMinor(v: unknown): string {
  return typeof v === 'number' ? String(v / 100) : '';
}

/** A typed amount in 元 → minor units, or null when it is not an amount. */
export function toMinor(s: string): number | null {
  const x = Number(s.replace(/[,，\s]/g, ''));
  if (!Number.isFinite(x) || x < 0) return null;
  return Math.round(x * 100);
}

/** One field bound to a value, sending `send(value)` when committed. */
export function FieldInput({ spec, value, issues, readOnly, send }: { spec: FieldSpec; value: unknown; issues: Issue[]; readOnly: boolean; send: (v: unknown) => void }) {
  const wide = spec.wide ?? ['textarea', 'lines', 'checks'].includes(spec.type);
  return (
    <Field label={spec.label} issues={issues} wide={wide}>
      {(id, err) => {
        switch (spec.type) {
          case 'select':
            return (
              <select id={id} aria-describedby={err} disabled={readOnly} value={String(value ?? '')} onChange={(e) => send(e.target.value)}>
                {spec.options!.map((o) => (
                  <option key={o.value} value={o.value}>{o.label}</option>
                ))}
              </select>
            );
          case 'checks': {
            const chosen = new Set((value as string[] | undefined) ?? []);
            return (
              <div className="pb-checks" id={id} role="group" aria-describedby={err}>
                {spec.options!.map((o) => (
                  <label key={o.value} className="pb-check">
                    <input type="checkbox" disabled={readOnly} checked={chosen.has(o.value)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(o.value);
                        else next.delete(o.value);
                        send(spec.options!.map((x) => x.value).filter((v) => next.has(v)));
                      }} />
                    {o.label}
                  </label>
                ))}
              </div>
            );
          }
          case 'lines':
            return <LiveInput id={id} describedBy={err} disabled={readOnly} multiline value={((value as string[] | undefined) ?? []).join('\n')} onCommit={(v) => send(lines(v))} />;
          case 'textarea':
            return <LiveInput id={id} describedBy={err} disabled={readOnly} multiline value={String(value ?? '')} onCommit={(v) => send(v)} />;
          case 'int':
          case 'number':
            return (
              <LiveInput id={id} describedBy={err} disabled={readOnly} type="number" min={spec.min} max={spec.max} value={value === undefined || value === null ? '' : String(value)}
                onCommit={(v) => {
                  const x = Number(v);
                  if (v.trim() !== '' && Number.isFinite(x) && (spec.type === 'number' || Number.isInteger(x))) send(x);
                }} />
            );
          case 'money':
            return (
              <LiveInput id={id} describedBy={err} disabled={readOnly} value={fromMinor(value)}
                onCommit={(v) => {
                  const m = toMinor(v);
                  if (m !== null) send(m);
                }} />
            );
          case 'date':
            return <input id={id} type="date" aria-describedby={err} disabled={readOnly} value={String(value ?? '')} onChange={(e) => send(e.target.value)} />;
          default:
            return <LiveInput id={id} describedBy={err} disabled={readOnly} value={String(value ?? '')} onCommit={(v) => send(v)} />;
        }
      }}
    </Field>
  );
}

/** The cards of one list, with add and delete. */
export function ItemsEditor({ spec, items, issues, readOnly, submit }: { spec: ListSpec; items: Item[]; issues: Map<string, Issue[]>; readOnly: boolean; submit: (op: Op) => void }) {
  const { t } = useTranslation('playbook');
  const shown = spec.filter ? items.filter(spec.filter) : items;
  const base = spec.issuePath ?? spec.key;
  return (
    <section className="pb-list" aria-label={spec.title}>
      <h2 className="pb-h">{spec.title}</h2>
      <IssueList issues={issuesAt(issues, base)} />
      {shown.map((it, i) => (
        <article key={it.id} className="pb-card pb-item" aria-label={`${i + 1}. ${spec.itemTitle(it)}`}>
          <header className="pb-stage-head">
            <span className="pb-stage-n" aria-hidden="true">{i + 1}</span>
            <span className="pb-stage-name">{spec.itemTitle(it)}</span>
          </header>
          <div className="pb-grid">
            {spec.fields.map((f) => (
              <FieldInput key={f.name} spec={f} value={it[f.name]} issues={issuesAt(issues, `${base}/${it.id}/${f.name}`, true)} readOnly={readOnly}
                send={(v) => submit({ kind: `${spec.op}.set`, ...spec.refExtra, id: it.id, field: f.name, value: v })} />
            ))}
          </div>
          {spec.footer && <p className="pb-footer">{spec.footer(it)}</p>}
          <IssueList issues={issuesAt(issues, `${base}/${it.id}`)} />
          <CommentsOn item={it.id} />
          {!readOnly && (
            <button type="button" className="pp-btn pp-btn-small pb-danger" onClick={() => submit({ kind: `${spec.op}.delete`, ...spec.refExtra, id: it.id })}
              aria-label={t('items.deleteNamed', { name: spec.itemTitle(it) })}>
              {t('items.delete')}
            </button>
          )}
        </article>
      ))}
      {!readOnly && (
        <button type="button" className="pp-btn pp-btn-block" onClick={() => submit({ kind: `${spec.op}.add`, ...spec.addExtra, id: 'i-' + newId(), name: '' })}>
          {spec.addLabel}
        </button>
      )}
    </section>
  );
}
