// The optimistic display of a case-draft operation (mirrors exercises/casedraft.go).
import type { Actor, CaseDraftState, Change, DraftText } from '../protocol/messages.gen';
import type { Operation } from '../live/predict';
import type { State } from '../live/changes';

export const MAX_DRAFT_TITLE = 120;
export const MAX_DRAFT_TEXT = 4000;

export function predictCaseDraft(state: State, op: Operation, actor: Actor): Change[] | null {
  const s = state as unknown as CaseDraftState;
  if (op.kind !== 'field.set' || typeof op.field !== 'string' || typeof op.text !== 'string') return null;
  if (!(s.prompts ?? []).some((p) => p.id === op.field)) return null;
  let text = op.text.trim();
  if (op.field === 'title') text = text.replace(/\s+/g, ' ');
  if (!text) return s.fields?.[op.field] ? [{ path: ['fields', op.field], delete: true }] : null;
  const value: DraftText = { text, author: { id: actor.id, name: actor.name, kind: actor.kind }, seq: 0 };
  return [{ path: ['fields', op.field], value }];
}
