import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, me, noteChange, opEvent, snapshot } from './testkit';
import { OUTBOX_MAX_AGE_MS, OUTBOX_MAX_OPS, outboxKey, type OutboxStorage, readOutbox, type StoredOp, writeOutbox } from './outbox';
import { LiveClient } from './transport';

/** localStorage as a Map, shared by the "page loads" of one test. */
function memoryStorage(): OutboxStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

let sockets: FakeSocket[];
function page(storage: OutboxStorage, tabId = 'tab-1') {
  const c = new LiveClient({
    workshop: 'W',
    as: 'participant',
    origin: 'ws://test',
    random: () => 0.5,
    storage,
    tabId,
    socketFactory: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  c.start();
  return c;
}
function welcomeOn(s: FakeSocket) {
  s.open();
  s.receive({
    type: 'welcome',
    protocol: 1,
    conn: 'C',
    workshop: 'W',
    you: me,
    server_time: new Date().toISOString(),
    limits: { max_frame_bytes: 65536, ops_per_second: 20, ops_burst: 40, max_boards: 100 },
  });
}
const KEY = outboxKey('W', 'participant');
const stored = (st: OutboxStorage) => readOutbox(st, KEY, Date.now());

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the durable outbox', () => {
  it('an edit made offline survives a reload and is sent with its original id, then forgotten once acknowledged', () => {
    const storage = memoryStorage();
    const first = page(storage);
    first.subscribe('B');
    let s = sockets[0];
    welcomeOn(s);
    s.receive(snapshot('B', 3));
    s.receive({ type: 'subscribed', board: 'B', seq: 3 });
    s.drop(); // the venue Wi-Fi goes
    const id = first.submit('B', { kind: 'note.add', id: 'n1', lane: 'setting', text: '离线写的' });
    expect(stored(storage).map((o) => [o.board, o.id, o.tab])).toEqual([['B', id, 'tab-1']]);
    first.stop(); // the phone discards the tab before the network returns

    const second = page(storage);
    second.subscribe('B');
    s = sockets[sockets.length - 1];
    welcomeOn(s);
    expect(s.ofType('subscribe')).toEqual([{ type: 'subscribe', board: 'B' }]);
    s.receive(snapshot('B', 3));
    s.receive({ type: 'subscribed', board: 'B', seq: 3 });
    expect(s.ofType('op')).toEqual([{ type: 'op', board: 'B', id, op: { kind: 'note.add', id: 'n1', lane: 'setting', text: '离线写的' } }]);
    // Shown on the page while it waits, as before the reload.
    expect(Object.keys((second.board('B').getView().state as { notes: object }).notes)).toEqual(['n1']);
    s.receive({ type: 'ack', board: 'B', id, seq: 4 });
    expect(stored(storage)).toEqual([]);
    s.receive(opEvent('B', 4, id, [noteChange('n1', '离线写的', 'setting', 4, me)], me));
    expect(second.pendingCount()).toBe(0);
    expect(storage.map.has(KEY)).toBe(false);
  });

  it('an operation the server already stored before the reload is acknowledged as a duplicate, not applied twice', () => {
    const storage = memoryStorage();
    const first = page(storage);
    const s1 = sockets[0];
    welcomeOn(s1);
    const id = first.submit('B', { kind: 'vote.add', note: 'n1' });
    expect(s1.ofType('op').map((m) => m.id)).toEqual([id]); // sent; the ack never arrives
    first.stop();

    const second = page(storage);
    second.subscribe('B');
    const s2 = sockets[sockets.length - 1];
    welcomeOn(s2);
    s2.receive(snapshot('B', 7, { notes: {}, votes: { n1: { [me.id]: 1 } } }));
    s2.receive({ type: 'subscribed', board: 'B', seq: 7 });
    expect(s2.ofType('op').map((m) => m.id)).toEqual([id]);
    s2.receive({ type: 'ack', board: 'B', id, seq: 7, duplicate: true });
    expect(second.pendingCount()).toBe(0);
    expect(stored(storage)).toEqual([]);
  });

  it('a refused operation is rolled back and not kept', () => {
    const storage = memoryStorage();
    const c = page(storage);
    const s = sockets[0];
    welcomeOn(s);
    const id = c.submit('B', { kind: 'note.edit', id: 'gone', text: 'x' });
    expect(stored(storage)).toHaveLength(1);
    s.receive({ type: 'error', code: 'not_found', message: 'no such note', board: 'B', id });
    expect(stored(storage)).toEqual([]);
  });

  it('two tabs of one person keep each other’s operations', () => {
    const storage = memoryStorage();
    const a = page(storage, 'tab-a');
    const b = page(storage, 'tab-b');
    const ida = a.submit('B', { kind: 'vote.add', note: 'n1' });
    const idb = b.submit('B', { kind: 'vote.add', note: 'n2' });
    expect(stored(storage).map((o) => [o.id, o.tab]).sort()).toEqual([[ida, 'tab-a'], [idb, 'tab-b']].sort());
    const sb = sockets[1];
    welcomeOn(sb);
    sb.receive({ type: 'ack', board: 'B', id: idb, seq: 1 });
    expect(stored(storage).map((o) => o.id)).toEqual([ida]);
  });

  it('drops expired, malformed and surplus entries', () => {
    const storage = memoryStorage();
    const now = Date.now();
    const op = (i: number, at: number): StoredOp => ({ board: 'B', id: `op-${i}`, op: { kind: 'vote.add', note: 'n1' }, at, tab: 't' });
    storage.setItem(KEY, JSON.stringify({ v: 1, ops: [op(1, now - OUTBOX_MAX_AGE_MS - 1), op(2, now), { board: 'B', id: 3 }, 'junk'] }));
    expect(readOutbox(storage, KEY, now).map((o) => o.id)).toEqual(['op-2']);
    storage.setItem(KEY, '{not json');
    expect(readOutbox(storage, KEY, now)).toEqual([]);
    storage.setItem(KEY, JSON.stringify({ v: 99, ops: [op(1, now)] }));
    expect(readOutbox(storage, KEY, now)).toEqual([]);
    const many = Array.from({ length: OUTBOX_MAX_OPS + 5 }, (_, i) => op(i, now - 1000 + i));
    writeOutbox(storage, KEY, 't', many, now);
    const kept = readOutbox(storage, KEY, now);
    expect(kept).toHaveLength(OUTBOX_MAX_OPS);
    expect(kept[0].id).toBe('op-5'); // the oldest went first
  });

  it('works without storage (private mode) and when writing fails', () => {
    const failing: OutboxStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const c = page(failing);
    welcomeOn(sockets[0]);
    const id = c.submit('B', { kind: 'vote.add', note: 'n1' });
    expect(sockets[0].ofType('op').map((m) => m.id)).toEqual([id]);
  });
});
