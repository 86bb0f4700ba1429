// Local predictions of operations, for optimistic display: what the server
// will most likely do with an operation, as the same generic changes it sends.
// A prediction never has to be right — the server's answer replaces it — but
// it must never throw: an operation it cannot predict simply shows nothing
// until the server's answer arrives.
import type { Actor, Change, ControlState, Note, NotesState, SheetState } from '../protocol/messages.gen';
import type { State } from './changes';
import { predictCaseDraft } from '../cases/predict';
import { predictFunnel } from '../funnel/predict';
import { predictCanvas, predictPoll, predictReflection, predictTable } from './predictKinds';
import { dotsBy } from './votes';

export type Operation = Record<string, unknown> & { kind: string };

/** Predicts the changes of op on a board of one kind, or null. */
export type Predictor = (state: State, op: Operation, actor: Actor) => Change[] | null;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function lastPos(s: NotesState, lane: string): number {
  let last = 0;
  for (const n of Object.values(s.notes ?? {})) {
    if (n.lane === lane && n.pos > last) last = n.pos;
  }
  return Math.floor(last) + 1;
}

/** Mirrors exercises/notes.go closely enough for display. */
export const predictNotes: Predictor = (state, op, actor) => {
  const s = state as unknown as NotesState;
  const notes = s.notes ?? {};
  const votes = s.votes ?? {};
  const hasLane = (id: string | undefined) => !!id && (s.lanes ?? []).some((l) => l.id === id);
  switch (op.kind) {
    case 'note.add': {
      const id = str(op.id);
      const lane = str(op.lane);
      const text = str(op.text)?.trim();
      if (!id || notes[id] || !hasLane(lane) || !text) return null;
      const note: Note = {
        id,
        lane: lane!,
        text,
        pos: typeof op.pos === 'number' ? op.pos : lastPos(s, lane!),
        author: { id: actor.id, name: actor.name, kind: actor.kind },
        seq: 0,
      };
      return [{ path: ['notes', id], value: note }];
    }
    case 'note.edit': {
      const n = notes[str(op.id) ?? ''];
      const text = str(op.text)?.trim();
      if (!n || !text) return null;
      return [{ path: ['notes', n.id], value: { ...n, text } }];
    }
    case 'note.move': {
      const n = notes[str(op.id) ?? ''];
      const lane = str(op.lane);
      if (!n || !hasLane(lane)) return null;
      const pos = typeof op.pos === 'number' ? op.pos : lastPos(s, lane!);
      return [{ path: ['notes', n.id], value: { ...n, lane, pos } }];
    }
    case 'note.delete': {
      const id = str(op.id);
      if (!id || !notes[id]) return null;
      const changes: Change[] = [{ path: ['notes', id], delete: true }];
      if (votes[id]) changes.push({ path: ['votes', id], delete: true });
      return changes;
    }
    case 'note.merge': {
      const from = notes[str(op.id) ?? ''];
      const into = notes[str(op.into) ?? ''];
      if (!from || !into || from.id === into.id) return null;
      const changes: Change[] = [
        { path: ['notes', into.id], value: { ...into, text: into.text + '\n' + from.text } },
        { path: ['notes', from.id], delete: true },
      ];
      const moved = votes[from.id];
      if (moved && Object.keys(moved).length > 0) {
        const merged: Record<string, number> = { ...(votes[into.id] ?? {}) };
        for (const [voter, dots] of Object.entries(moved)) merged[voter] = (merged[voter] ?? 0) + dots;
        changes.push({ path: ['votes', into.id], value: merged }, { path: ['votes', from.id], delete: true });
      }
      return changes;
    }
    case 'vote.add': {
      const note = str(op.note);
      if (!note || !notes[note]) return null;
      if (dotsBy(s.votes, actor.id) >= (s.votes_per_person ?? 0)) return null;
      const dots = votes[note]?.[actor.id] ?? 0;
      return [{ path: ['votes', note, actor.id], value: dots + 1 }];
    }
    case 'vote.remove': {
      const note = str(op.note);
      const dots = note ? votes[note]?.[actor.id] ?? 0 : 0;
      if (!note || !notes[note] || dots === 0) return null;
      if (dots > 1) return [{ path: ['votes', note, actor.id], value: dots - 1 }];
      if (Object.keys(votes[note]).length === 1) return [{ path: ['votes', note], delete: true }];
      return [{ path: ['votes', note, actor.id], delete: true }];
    }
  }
  return null;
};

/** Mirrors exercises/control.go (the trainer's agenda). */
export const predictControl: Predictor = (state, op) => {
  const s = state as unknown as ControlState;
  const open = s.open ?? {};
  const activity = str(op.activity);
  if (!activity) return null;
  switch (op.kind) {
    case 'now.set': {
      const changes: Change[] = [{ path: ['now'], value: activity }];
      if (!open[activity]) changes.push({ path: ['open', activity], value: { all: true, seq: 0 } });
      return changes;
    }
    case 'activity.open': {
      const groups = Array.isArray(op.groups) ? (op.groups as string[]) : [];
      const value = groups.length ? { all: false, groups: [...groups].sort(), seq: 0 } : { all: true, seq: 0 };
      return [{ path: ['open', activity], value }];
    }
    case 'activity.close':
      return open[activity] ? [{ path: ['open', activity], delete: true }] : null;
  }
  return null;
};

/** A judge's own score sheet (exercises/passoff/sheet_kind.go): scores show at once. */
export const predictSheet: Predictor = (state, op) => {
  const s = state as unknown as SheetState;
  const cur = s.current;
  if (!s.judge || !cur || cur.revealed || cur.self || s.submitted || op.attempt !== cur.attempt) return null;
  const criterion = str(op.criterion);
  if (!criterion || !(s.criteria ?? []).includes(criterion)) return null;
  switch (op.kind) {
    case 'score.set': {
      const v = op.score;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < s.scale.min || v > s.scale.max) return null;
      return [{ path: ['scores', criterion], value: v }];
    }
    case 'score.clear':
      return s.scores?.[criterion] === undefined ? null : [{ path: ['scores', criterion], delete: true }];
  }
  return null;
};

export const predictors: Record<string, Predictor> = {
  notes: predictNotes,
  'case-draft': predictCaseDraft,
  control: predictControl,
  'passoff.sheet': predictSheet,
  table: predictTable,
  plan: predictTable,
  canvas: predictCanvas,
  poll: predictPoll,
  reflection: predictReflection,
  funnel: predictFunnel,
};

