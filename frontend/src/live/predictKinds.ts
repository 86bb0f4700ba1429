// Local predictions for the generic template kinds (exercises/table.go,
// canvas.go, poll.go, plan.go, reflection.go), for optimistic display. Like
// every predictor they may be wrong (the server's answer replaces them) and
// never throw.
import type { Actor, CanvasNote, CanvasState, Change, PollState, ReflectionState, Row, TableState } from '../protocol/messages.gen';
import type { State } from './changes';
import type { Operation, Predictor } from './predict';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Rows of a table or a plan. */
export const predictTable: Predictor = (state: State, op: Operation, actor: Actor) => {
  const s = state as unknown as TableState;
  const rows = s.rows ?? {};
  switch (op.kind) {
    case 'row.add': {
      const id = str(op.id);
      if (!id || rows[id] || Object.keys(rows).length >= (s.max_rows ?? 0)) return null;
      let pos = typeof op.pos === 'number' ? op.pos : 0;
      if (typeof op.pos !== 'number') {
        for (const r of Object.values(rows)) pos = Math.max(pos, r.pos);
        pos = Math.floor(pos) + 1;
      }
      const cells: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((op.cells as Record<string, unknown>) ?? {})) if (!isEmpty(v)) cells[k] = v;
      const row: Row = { id, pos, cells, author: { id: actor.id, name: actor.name, kind: actor.kind }, seq: 0 };
      return [{ path: ['rows', id], value: row }];
    }
    case 'cell.set': {
      const row = rows[str(op.row) ?? ''];
      const col = str(op.column);
      if (!row || !col || !(s.columns ?? []).some((c) => c.id === col)) return null;
      const v = typeof op.value === 'string' ? op.value.trim() : op.value;
      if (isEmpty(v)) return row.cells?.[col] === undefined ? null : [{ path: ['rows', row.id, 'cells', col], delete: true }];
      return [{ path: ['rows', row.id, 'cells', col], value: v }];
    }
    case 'row.delete': {
      const id = str(op.id);
      if (!id || !rows[id]) return null;
      const changes: Change[] = [{ path: ['rows', id], delete: true }];
      if (s.votes?.[id]) changes.push({ path: ['votes', id], delete: true });
      return changes;
    }
    case 'vote.add':
    case 'vote.remove':
      return predictDots(s.votes, s.votes_per_person, str(op.row), op.kind, actor, (id) => !!rows[id]);
  }
  return null;
};

function predictDots(
  votes: Record<string, Record<string, number>> | undefined,
  perPerson: number | undefined,
  item: string | undefined,
  kind: string,
  actor: Actor,
  exists: (id: string) => boolean,
): Change[] | null {
  if (!item || !exists(item)) return null;
  const v = votes ?? {};
  const mine = v[item]?.[actor.id] ?? 0;
  if (kind === 'vote.add') {
    let used = 0;
    for (const by of Object.values(v)) used += by[actor.id] ?? 0;
    if (used >= (perPerson ?? 0)) return null;
    return [{ path: ['votes', item, actor.id], value: mine + 1 }];
  }
  if (mine === 0) return null;
  if (mine > 1) return [{ path: ['votes', item, actor.id], value: mine - 1 }];
  if (Object.keys(v[item]).length === 1) return [{ path: ['votes', item], delete: true }];
  return [{ path: ['votes', item, actor.id], delete: true }];
}

/** Notes in the zones of a canvas. */
export const predictCanvas: Predictor = (state, op, actor) => {
  const s = state as unknown as CanvasState;
  const notes = s.notes ?? {};
  const hasZone = (z: string | undefined) => !!z && (s.zones ?? []).some((x) => x.id === z);
  const lastPos = (zone: string) => {
    let last = 0;
    for (const n of Object.values(notes)) if (n.zone === zone) last = Math.max(last, n.pos);
    return Math.floor(last) + 1;
  };
  const count = (zone: string, delta: number): Change => ({ path: ['counts', zone], value: (s.counts?.[zone] ?? 0) + delta });
  switch (op.kind) {
    case 'note.add': {
      const id = str(op.id);
      const zone = str(op.zone);
      const text = str(op.text)?.trim();
      if (!id || notes[id] || !hasZone(zone) || !text) return null;
      const note: CanvasNote = {
        id,
        zone: zone!,
        text,
        tag: str(op.tag) || undefined,
        pos: typeof op.pos === 'number' ? op.pos : lastPos(zone!),
        author: { id: actor.id, name: actor.name, kind: actor.kind },
        seq: 0,
      };
      return [{ path: ['notes', id], value: note }, count(zone!, 1)];
    }
    case 'note.edit':
    case 'note.tag': {
      const n = notes[str(op.id) ?? ''];
      if (!n) return null;
      if (op.kind === 'note.tag') return [{ path: ['notes', n.id], value: { ...n, tag: str(op.tag) || undefined } }];
      const text = str(op.text)?.trim();
      return text ? [{ path: ['notes', n.id], value: { ...n, text } }] : null;
    }
    case 'note.move': {
      const n = notes[str(op.id) ?? ''];
      const zone = str(op.zone);
      if (!n || !hasZone(zone)) return null;
      const moved = { ...n, zone: zone!, pos: typeof op.pos === 'number' ? op.pos : lastPos(zone!) };
      const changes: Change[] = [{ path: ['notes', n.id], value: moved }];
      if (zone !== n.zone) changes.push(count(n.zone, -1), count(zone!, 1));
      return changes;
    }
    case 'note.delete': {
      const n = notes[str(op.id) ?? ''];
      if (!n) return null;
      const changes: Change[] = [{ path: ['notes', n.id], delete: true }, count(n.zone, -1)];
      if (s.votes?.[n.id]) changes.push({ path: ['votes', n.id], delete: true });
      return changes;
    }
    case 'vote.add':
    case 'vote.remove':
      return predictDots(s.votes, s.votes_per_person, str(op.note), op.kind, actor, (id) => !!notes[id]);
  }
  return null;
};

/** A poll's ballots and live counts. */
export const predictPoll: Predictor = (state, op, actor) => {
  const s = state as unknown as PollState;
  const old = s.ballots?.[actor.id] ?? [];
  const recount = (next: string[]): Change[] => {
    const out: Change[] = [];
    for (const o of s.options ?? []) {
      const was = old.includes(o.id);
      const is = next.includes(o.id);
      if (was !== is) out.push({ path: ['counts', o.id], value: (s.counts?.[o.id] ?? 0) + (is ? 1 : -1) });
    }
    return out;
  };
  if (op.kind === 'poll.vote') {
    const choices = Array.isArray(op.choices) ? (op.choices as unknown[]).filter((c): c is string => typeof c === 'string') : [];
    if (choices.length === 0 || (!s.multiple && choices.length > 1)) return null;
    if (!choices.every((c) => (s.options ?? []).some((o) => o.id === c))) return null;
    const sorted = [...choices].sort();
    return [...recount(sorted), { path: ['ballots', actor.id], value: sorted }];
  }
  if (op.kind === 'poll.retract') {
    if (!s.ballots?.[actor.id]) return null;
    return [...recount([]), { path: ['ballots', actor.id], delete: true }];
  }
  return null;
};

/** A participant's own reflection. */
export const predictReflection: Predictor = (state, op) => {
  const s = state as unknown as ReflectionState;
  switch (op.kind) {
    case 'answer.set': {
      const prompt = str(op.prompt);
      const text = str(op.text)?.trim() ?? '';
      if (!prompt || !(s.prompts ?? []).some((p) => p.id === prompt)) return null;
      if (!text) return s.answers?.[prompt] ? [{ path: ['answers', prompt], delete: true }] : null;
      return [{ path: ['answers', prompt], value: { text, seq: 0 } }];
    }
    case 'action.add':
    case 'action.edit': {
      const id = str(op.id);
      const text = str(op.text)?.trim();
      if (!id || !text) return null;
      const old = s.actions?.[id];
      if (op.kind === 'action.add' && old) return null;
      if (op.kind === 'action.edit' && !old) return null;
      let pos = old?.pos ?? 0;
      if (!old) {
        for (const a of Object.values(s.actions ?? {})) pos = Math.max(pos, a.pos);
        pos = Math.floor(pos) + 1;
      }
      return [{ path: ['actions', id], value: { id, text, due: str(op.due) || undefined, done: old?.done ?? false, pos, seq: 0 } }];
    }
    case 'action.done': {
      const a = s.actions?.[str(op.id) ?? ''];
      return a ? [{ path: ['actions', a.id], value: { ...a, done: op.done === true } }] : null;
    }
    case 'action.delete': {
      const id = str(op.id);
      return id && s.actions?.[id] ? [{ path: ['actions', id], delete: true }] : null;
    }
  }
  return null;
};
