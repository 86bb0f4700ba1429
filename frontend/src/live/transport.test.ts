import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../protocol/messages.gen';
import { backoffDelay, LiveClient } from './transport';
import { FakeSocket, me, noteChange, opEvent, snapshot } from './testkit';

function welcome(limits = { max_frame_bytes: 65536, ops_per_second: 20, ops_burst: 40, max_boards: 100 }): ServerMessage {
  return { type: 'welcome', protocol: 1, conn: 'C1', workshop: 'W', you: me, server_time: new Date().toISOString(), limits };
}

let sockets: FakeSocket[];
function client(extra: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
  const c = new LiveClient({
    workshop: 'W',
    as: 'participant',
    origin: 'ws://test',
    random: () => 0.5,
    socketFactory: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    ...extra,
  });
  c.start();
  return c;
}
const last = () => sockets[sockets.length - 1];

function connect(limits?: Parameters<typeof welcome>[0]) {
  const s = last();
  s.open();
  s.receive(welcome(limits));
  return s;
}

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveClient', () => {
  it('connects to /ws with the workshop and role', () => {
    client();
    expect(last().url).toBe('ws://test/ws?workshop=W&as=participant');
  });

  it('subscribes after welcome and sends ops once the board is live', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    expect(s.ofType('subscribe')).toEqual([{ type: 'subscribe', board: 'B' }]);
    expect(c.status).toBe('online');
    const id = c.submit('B', { kind: 'note.add', id: 'n1', lane: 'setting', text: 'a' });
    expect(s.ofType('op')).toHaveLength(0); // not live yet
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    expect(s.ofType('op')).toEqual([{ type: 'op', board: 'B', id, op: { kind: 'note.add', id: 'n1', lane: 'setting', text: 'a' } }]);
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('re-subscribes with since on a gap', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    s.receive(snapshot('B', 3));
    s.receive({ type: 'subscribed', board: 'B', seq: 3 });
    s.receive(opEvent('B', 5, 'x', [noteChange('n5', 'x')]));
    expect(s.ofType('subscribe').at(-1)).toEqual({ type: 'subscribe', board: 'B', since: 3 });
    s.receive(opEvent('B', 6, 'y', [noteChange('n6', 'y')])); // still in the gap: no second subscribe
    expect(s.ofType('subscribe')).toHaveLength(2);
  });

  it('after a drop: reconnects with backoff, resumes with since, re-sends pending ops with the same ids', () => {
    const c = client();
    c.subscribe('B');
    let s = connect();
    s.receive(snapshot('B', 10));
    s.receive({ type: 'subscribed', board: 'B', seq: 10 });
    const id1 = c.submit('B', { kind: 'note.add', id: 'n1', lane: 'setting', text: 'one' });
    const id2 = c.submit('B', { kind: 'note.add', id: 'n2', lane: 'setting', text: 'two' });
    expect(s.ofType('op').map((m) => m.id)).toEqual([id1, id2]);
    s.receive({ type: 'ack', board: 'B', id: id1, seq: 11 });
    s.drop();
    expect(c.status).toBe('offline');
    // An edit made while offline is shown at once and queued.
    const id3 = c.submit('B', { kind: 'note.add', id: 'n3', lane: 'setting', text: 'three' });
    const notes = () => (c.board('B').getView().state as { notes: Record<string, unknown> }).notes;
    expect(Object.keys(notes()).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(backoffDelay(0, () => 0.5));
    expect(sockets).toHaveLength(2);
    s = connect();
    expect(s.ofType('subscribe')).toEqual([{ type: 'subscribe', board: 'B', since: 10 }]);
    expect(s.ofType('op')).toHaveLength(0); // waits for the resume
    // Missed: my own first op (acked) — its broadcast.
    s.receive(opEvent('B', 11, id1, [noteChange('n1', 'one', 'setting', 11, me)], me));
    s.receive({ type: 'subscribed', board: 'B', seq: 11 });
    expect(s.ofType('op').map((m) => m.id)).toEqual([id2, id3]);
    s.receive({ type: 'ack', board: 'B', id: id2, seq: 12, duplicate: false });
    s.receive(opEvent('B', 12, id2, [noteChange('n2', 'two', 'setting', 12, me)], me));
    s.receive(opEvent('B', 13, id3, [noteChange('n3', 'three', 'setting', 13, me)], me));
    s.receive({ type: 'ack', board: 'B', id: id3, seq: 13 });
    expect(c.board('B').getView().pending).toHaveLength(0);
    expect(c.pendingCount()).toBe(0);
    expect(Object.keys(notes()).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('a duplicate ack after reconnect settles the op without applying it twice', () => {
    const c = client();
    c.subscribe('B');
    let s = connect();
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    const id = c.submit('B', { kind: 'vote.add', note: 'n1' });
    s.drop();
    vi.advanceTimersByTime(1000);
    s = connect();
    s.receive(opEvent('B', 1, 'other', [noteChange('n1', 'x')]));
    s.receive(opEvent('B', 2, id, [{ path: ['votes', 'n1', me.id], value: 1 }], me));
    s.receive({ type: 'subscribed', board: 'B', seq: 2 });
    expect(s.ofType('op').map((m) => m.id)).toEqual([]); // settled by its op event: not re-sent
    const votes = (c.board('B').getView().state as { votes: Record<string, Record<string, number>> }).votes;
    expect(votes.n1[me.id]).toBe(1);
  });

  it('rolls back and reports a refused op', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    const errors: unknown[] = [];
    c.onError((e) => errors.push(e));
    const id = c.submit('B', { kind: 'note.add', id: 'n1', lane: 'setting', text: 'a' });
    s.receive({ type: 'error', code: 'activity_closed', message: 'closed', board: 'B', id });
    expect(c.board('B').getView().pending).toHaveLength(0);
    expect((c.board('B').getView().state as { notes: object }).notes).toEqual({});
    expect(errors).toEqual([expect.objectContaining({ code: 'activity_closed', board: 'B' })]);
  });

  it('retries an op refused as unavailable with the same id', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    const id = c.submit('B', { kind: 'note.add', id: 'n1', lane: 'setting', text: 'a' });
    s.receive({ type: 'error', code: 'unavailable', message: 'db down', board: 'B', id });
    expect(c.board('B').getView().pending).toHaveLength(1);
    vi.advanceTimersByTime(2500);
    expect(s.ofType('op').map((m) => m.id)).toEqual([id, id]);
  });

  it('resubscribes without since after bad_sequence', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    s.receive(snapshot('B', 5));
    s.receive({ type: 'subscribed', board: 'B', seq: 5 });
    s.receive(opEvent('B', 7, 'x', []));
    s.receive({ type: 'error', code: 'bad_sequence', message: '', board: 'B' });
    expect(s.ofType('subscribe').at(-1)).toEqual({ type: 'subscribe', board: 'B' });
  });

  it('paces messages to the rate limit', () => {
    const c = client();
    c.subscribe('B');
    const s = connect({ max_frame_bytes: 65536, ops_per_second: 10, ops_burst: 4, max_boards: 100 });
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    for (let i = 0; i < 10; i++) c.submit('B', { kind: 'note.add', id: 'n' + i, lane: 'setting', text: 't' + i });
    const sentNow = s.ofType('op').length;
    expect(sentNow).toBeLessThanOrEqual(3);
    vi.advanceTimersByTime(2000);
    expect(s.ofType('op').length).toBe(10);
    // In order, each id once.
    expect(new Set(s.ofType('op').map((m) => m.id)).size).toBe(10);
  });

  it('re-sends unanswered messages after rate_limited', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    const id = c.submit('B', { kind: 'vote.add', note: 'n1' });
    s.receive({ type: 'error', code: 'rate_limited', message: 'slow down' });
    vi.advanceTimersByTime(1100);
    expect(s.ofType('op').map((m) => m.id)).toEqual([id, id]);
  });

  it('coalesces presence and sends it only on live boards', () => {
    const c = client();
    c.subscribe('B');
    const s = connect();
    c.setEditing('B', 'n1'); // not live yet: remembered
    expect(s.ofType('presence')).toHaveLength(0);
    s.receive(snapshot('B', 0));
    s.receive({ type: 'subscribed', board: 'B', seq: 0 });
    expect(s.ofType('presence')).toEqual([{ type: 'presence', board: 'B', editing: 'n1' }]);
    c.setEditing('B', null);
    expect(s.ofType('presence').at(-1)).toEqual({ type: 'presence', board: 'B', editing: null });
  });

  it('ends on 4001 and 4004 without reconnecting', () => {
    const c = client();
    connect();
    last().drop(4001);
    expect(c.status).toBe('ended');
    expect(c.endReason).toBe('unauthorized');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);

    const d = client();
    connect();
    last().drop(4004);
    expect(d.endReason).toBe('moved');
  });

  it('pauses longer after 1008', () => {
    client();
    connect();
    last().drop(1008);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('backs off exponentially up to 10 s and reports repeated failures', () => {
    const c = client();
    const failures: number[] = [];
    c.onRepeatedFailure((n) => failures.push(n));
    for (let i = 0; i < 3; i++) {
      last().drop();
      vi.advanceTimersByTime(backoffDelay(i, () => 0.5));
    }
    expect(sockets).toHaveLength(4);
    expect(failures).toEqual([3]);
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(10, () => 1)).toBe(10_000);
  });

  it('unsubscribes when the last user goes', () => {
    const c = client();
    const s = connect();
    const u1 = c.subscribe('B');
    const u2 = c.subscribe('B');
    expect(s.ofType('subscribe')).toHaveLength(1);
    u1();
    expect(s.ofType('unsubscribe')).toHaveLength(0);
    u2();
    expect(s.ofType('unsubscribe')).toEqual([{ type: 'unsubscribe', board: 'B' }]);
  });

  it('drops a connection that went silent and reconnects', () => {
    client();
    connect();
    vi.advanceTimersByTime(70_000);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  });

  it('stop() closes the socket for good', () => {
    const c = client();
    const s = connect();
    c.stop();
    expect(s.closed).toBe(1000);
    expect(c.status).toBe('ended');
  });
});
