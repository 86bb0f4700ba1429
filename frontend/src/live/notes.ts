// Read helpers for notes boards (pure; shared by the phone and the console).
import type { Note, NotesState } from '../protocol/messages.gen';
import { dotsOn } from './votes';

export function notesByLane(s: NotesState): Map<string, Note[]> {
  const by = new Map<string, Note[]>();
  for (const l of s.lanes ?? []) by.set(l.id, []);
  for (const n of Object.values(s.notes ?? {})) {
    if (!by.has(n.lane)) by.set(n.lane, []);
    by.get(n.lane)!.push(n);
  }
  for (const list of by.values()) list.sort((a, b) => a.pos - b.pos || a.id.localeCompare(b.id));
  return by;
}

/** Rank (1-based) of the top `n` notes that have at least one vote. */
export function topRanks(s: NotesState, n = 3): Map<string, number> {
  const ranked = Object.values(s.notes ?? {})
    .map((note) => ({ note, votes: dotsOn(s.votes, note.id) }))
    .filter((x) => x.votes > 0)
    .sort((a, b) => b.votes - a.votes || a.note.pos - b.note.pos || a.note.id.localeCompare(b.note.id));
  const out = new Map<string, number>();
  ranked.slice(0, n).forEach((x, i) => out.set(x.note.id, i + 1));
  return out;
}

export function totalVotes(s: NotesState): number {
  let t = 0;
  for (const byVoter of Object.values(s.votes ?? {})) for (const d of Object.values(byVoter)) t += d;
  return t;
}
