import { describe, expect, it } from 'vitest';
import type { NotesState } from '../protocol/messages.gen';
import { notesByLane, topRanks, totalVotes } from './notes';
import { notesState } from './testkit';

function withNotes(): NotesState {
  const s = notesState();
  const author = { id: 'a', name: 'A', kind: 'participant' as const };
  s.notes = {
    b: { id: 'b', lane: 'setting', text: 'B', pos: 2, author, seq: 2 },
    a: { id: 'a', lane: 'setting', text: 'A', pos: 1, author, seq: 1 },
    c: { id: 'c', lane: 'process', text: 'C', pos: 1, author, seq: 3 },
    d: { id: 'd', lane: 'gone', text: 'D', pos: 1, author, seq: 4 },
  };
  s.votes = { b: { p1: 2, p2: 1 }, c: { p1: 1 } };
  return s;
}

describe('notes helpers', () => {
  it('groups notes by lane in position order, keeping unknown lanes', () => {
    const by = notesByLane(withNotes());
    expect(by.get('setting')!.map((n) => n.id)).toEqual(['a', 'b']);
    expect(by.get('process')!.map((n) => n.id)).toEqual(['c']);
    expect(by.get('gone')!.map((n) => n.id)).toEqual(['d']);
  });

  it('ranks the top voted notes', () => {
    const r = topRanks(withNotes());
    expect([...r.entries()]).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
    expect(totalVotes(withNotes())).toBe(4);
  });
});
