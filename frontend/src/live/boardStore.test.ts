import { describe, expect, it, vi } from 'vitest';
import type { NotesState } from '../protocol/messages.gen';
import { BoardStore } from './boardStore';
import { me, noteChange, opEvent, other, snapshot } from './testkit';

function notes(b: BoardStore): NotesState {
  return b.getView().state as unknown as NotesState;
}

function ready(seq = 0): BoardStore {
  const b = new BoardStore('B');
  b.setActor(me);
  b.applySnapshot(snapshot('B', seq));
  b.markSubscribed(seq);
  return b;
}

describe('BoardStore sequence rules', () => {
  it('starts loading, becomes ready after snapshot and subscribed', () => {
    const b = new BoardStore('B');
    expect(b.getView().status).toBe('loading');
    expect(b.getView().state).toBeNull();
    b.applySnapshot(snapshot('B', 4));
    expect(b.getView().seq).toBe(4);
    b.markSubscribed(4);
    expect(b.getView().status).toBe('ready');
  });

  it('applies the next op, ignores duplicates', () => {
    const b = ready(4);
    expect(b.applyOp(opEvent('B', 5, 'o1', [noteChange('n1', 'a')]))).toBe('applied');
    expect(b.applyOp(opEvent('B', 5, 'o1', [noteChange('n1', 'CHANGED')]))).toBe('duplicate');
    expect(b.applyOp(opEvent('B', 3, 'o0', [noteChange('n0', 'old')]))).toBe('duplicate');
    expect(notes(b).notes.n1.text).toBe('a');
    expect(notes(b).notes.n0).toBeUndefined();
    expect(b.lastSeq).toBe(5);
  });

  it('detects a gap once, ignores later ops until subscribed, then resumes', () => {
    const b = ready(4);
    expect(b.applyOp(opEvent('B', 6, 'o2', [noteChange('n2', 'b')]))).toBe('gap');
    expect(b.getView().status).toBe('resyncing');
    expect(b.applyOp(opEvent('B', 7, 'o3', [noteChange('n3', 'c')]))).toBe('ignored');
    expect(b.lastSeq).toBe(4);
    // The server re-sends from since=4.
    expect(b.applyOp(opEvent('B', 5, 'o1', [noteChange('n1', 'a')]))).toBe('applied');
    expect(b.applyOp(opEvent('B', 6, 'o2', [noteChange('n2', 'b')]))).toBe('applied');
    expect(b.applyOp(opEvent('B', 7, 'o3', [noteChange('n3', 'c')]))).toBe('applied');
    b.markSubscribed(7);
    expect(b.getView().status).toBe('ready');
    expect(Object.keys(notes(b).notes).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('ignores ops before the first snapshot', () => {
    const b = new BoardStore('B');
    expect(b.applyOp(opEvent('B', 1, 'o', [noteChange('n1', 'a')]))).toBe('ignored');
  });

  it('a snapshot replaces the state and the sequence', () => {
    const b = ready(2);
    b.applyOp(opEvent('B', 3, 'o', [noteChange('n1', 'a')]));
    const s = snapshot('B', 900);
    (s.state as unknown as NotesState).notes = { z: { id: 'z', lane: 'setting', text: 'z', pos: 1, author: { id: 'x', name: 'x', kind: 'participant' }, seq: 900 } };
    b.applySnapshot(s);
    expect(b.lastSeq).toBe(900);
    expect(Object.keys(notes(b).notes)).toEqual(['z']);
  });

  it('notifies listeners and keeps the view stable between changes', () => {
    const b = ready(0);
    const fn = vi.fn();
    b.subscribe(fn);
    const v1 = b.getView();
    expect(b.getView()).toBe(v1);
    b.applyOp(opEvent('B', 1, 'o', [noteChange('n1', 'a')]));
    expect(fn).toHaveBeenCalled();
    expect(b.getView()).not.toBe(v1);
  });

  it('resetForSnapshot forgets the state (bad_sequence)', () => {
    const b = ready(3);
    b.resetForSnapshot();
    expect(b.hasState).toBe(false);
    expect(b.lastSeq).toBe(0);
  });
});

describe('BoardStore optimistic operations', () => {
  const add = (id: string, text: string) => ({ kind: 'note.add', id, lane: 'setting', text });

  it('shows a pending op at once and marks its note pending', () => {
    const b = ready(0);
    b.addPending('op1', add('n1', '目标拍脑袋定的'));
    const v = b.getView();
    expect(notes(b).notes.n1.text).toBe('目标拍脑袋定的');
    expect(notes(b).notes.n1.author.id).toBe('P1');
    expect(v.pendingKeys.has('notes/n1')).toBe(true);
    expect(v.confirmed).toEqual(expect.objectContaining({ notes: {} }));
  });

  it('op event then ack: confirmed, no longer pending', () => {
    const b = ready(0);
    b.addPending('op1', add('n1', 'a'));
    b.applyOp(opEvent('B', 1, 'op1', [noteChange('n1', 'a', 'setting', 1, me)], me));
    expect(b.getView().pending).toHaveLength(0);
    expect(b.ack('op1', 1)).toBe(false); // already settled by its op event
    expect(notes(b).notes.n1.text).toBe('a');
    expect(b.getView().pendingKeys.size).toBe(0);
  });

  it('ack before the op event: stays displayed until the op arrives', () => {
    const b = ready(0);
    b.addPending('op1', add('n1', 'a'));
    expect(b.ack('op1', 1)).toBe(true);
    expect(notes(b).notes.n1.text).toBe('a');
    b.applyOp(opEvent('B', 1, 'op1', [noteChange('n1', 'a', 'setting', 1, me)], me));
    expect(b.getView().pending).toHaveLength(0);
    expect(notes(b).notes.n1.text).toBe('a');
  });

  it('a duplicate ack for an op already applied settles it', () => {
    const b = ready(5);
    b.addPending('op1', add('n1', 'a'));
    expect(b.ack('op1', 3)).toBe(true);
    expect(b.getView().pending).toHaveLength(0);
  });

  it('an error rolls back the optimistic change', () => {
    const b = ready(0);
    b.addPending('op1', add('n1', 'a'));
    expect(notes(b).notes.n1).toBeDefined();
    const r = b.reject('op1');
    expect(r?.op.kind).toBe('note.add');
    expect(notes(b).notes.n1).toBeUndefined();
    expect(b.reject('op1')).toBeUndefined();
  });

  it('pending ops are rebased on remote changes', () => {
    const b = ready(0);
    b.applyOp(opEvent('B', 1, 'r1', [noteChange('n1', 'remote')]));
    b.addPending('op1', { kind: 'note.edit', id: 'n1', text: 'mine' });
    expect(notes(b).notes.n1.text).toBe('mine');
    // Someone deletes the note: my edit cannot apply any more; nothing throws.
    b.applyOp(opEvent('B', 2, 'r2', [{ path: ['notes', 'n1'], delete: true }]));
    expect(notes(b).notes.n1).toBeUndefined();
    expect(b.getView().pending).toHaveLength(1);
  });

  it('predicts votes within the per-person limit', () => {
    const b = ready(0);
    b.applyOp(opEvent('B', 1, 'r1', [noteChange('n1', 'x')]));
    for (let i = 0; i < 4; i++) b.addPending('v' + i, { kind: 'vote.add', note: 'n1' });
    expect(notes(b).votes.n1.P1).toBe(3); // the fourth is over the limit
    b.reject('v0');
    expect(notes(b).votes.n1.P1).toBe(3);
  });

  it('markUnsent re-queues sent, unacknowledged ops only', () => {
    const b = ready(0);
    b.addPending('a', add('n1', 'a'));
    b.addPending('b', add('n2', 'b'));
    b.addPending('c', add('n3', 'c'));
    b.markSent('a', 1);
    b.markSent('b', 1);
    b.ack('b', 7);
    expect(b.markUnsent()).toBe(1);
    const p = b.pendingOps();
    expect(p.map((x) => [x.id, x.sent])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
  });

  it('keeps the actor of others out of settling my op ids', () => {
    const b = ready(0);
    b.addPending('same', add('n1', 'a'));
    b.applyOp(opEvent('B', 1, 'same', [noteChange('n9', 'theirs')], other));
    expect(b.getView().pending).toHaveLength(1);
  });
});
