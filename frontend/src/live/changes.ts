// Generic application of the server's `changes` (docs/protocol.md, "Applying
// changes"). Pure: the input state is never mutated; objects along each path
// are copied, so React sees new references exactly where something changed.
import type { Change } from '../protocol/messages.gen';

export type State = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns a new state with one change applied. */
export function applyChange(state: State, change: Change): State {
  const { path } = change;
  if (path.length === 0) {
    // A change of the root replaces the whole document.
    return change.delete ? {} : isObject(change.value) ? { ...change.value } : state;
  }
  const root: State = { ...state };
  let node: Record<string, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = node[key];
    const copy = isObject(next) ? { ...next } : {};
    node[key] = copy;
    node = copy;
  }
  const last = path[path.length - 1];
  if (change.delete) {
    delete node[last];
  } else {
    node[last] = change.value;
  }
  return root;
}

/** Returns a new state with every change applied in order. */
export function applyChanges(state: State, changes: readonly Change[]): State {
  let s = state;
  for (const c of changes) s = applyChange(s, c);
  return s;
}
