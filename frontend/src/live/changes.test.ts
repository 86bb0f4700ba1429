import { describe, expect, it } from 'vitest';
import { applyChange, applyChanges } from './changes';

describe('applyChanges', () => {
  it('sets a value at a path, creating missing objects', () => {
    const s = applyChanges({}, [{ path: ['notes', 'n1'], value: { id: 'n1', text: 'a' } }]);
    expect(s).toEqual({ notes: { n1: { id: 'n1', text: 'a' } } });
  });

  it('replaces null on the way with an object', () => {
    const s = applyChange({ votes: null }, { path: ['votes', 'n1', 'p1'], value: 2 });
    expect(s).toEqual({ votes: { n1: { p1: 2 } } });
  });

  it('deletes a key', () => {
    const s = applyChange({ notes: { n1: {}, n2: {} } }, { path: ['notes', 'n1'], delete: true });
    expect(s).toEqual({ notes: { n2: {} } });
  });

  it('deleting a missing key is harmless', () => {
    expect(applyChange({}, { path: ['votes', 'x'], delete: true })).toEqual({ votes: {} });
  });

  it('replaces arrays whole', () => {
    const s = applyChange({ lanes: [1, 2] }, { path: ['lanes'], value: [3] });
    expect(s).toEqual({ lanes: [3] });
  });

  it('applies changes in order', () => {
    const s = applyChanges({ now: 'a', open: { a: { all: true } } }, [
      { path: ['now'], value: 'b' },
      { path: ['open', 'b'], value: { all: true, seq: 3 } },
      { path: ['open', 'a'], delete: true },
    ]);
    expect(s).toEqual({ now: 'b', open: { b: { all: true, seq: 3 } } });
  });

  it('never mutates its input and copies only the changed branch', () => {
    const before = { notes: { n1: { text: 'a' } }, votes: { n1: { p: 1 } } };
    const frozen = JSON.parse(JSON.stringify(before));
    const after = applyChange(before, { path: ['notes', 'n2'], value: { text: 'b' } });
    expect(before).toEqual(frozen);
    expect(after.votes).toBe(before.votes);
    expect(after.notes).not.toBe(before.notes);
  });

  it('an empty path replaces the whole document', () => {
    expect(applyChange({ a: 1 }, { path: [], value: { b: 2 } })).toEqual({ b: 2 });
  });
});
