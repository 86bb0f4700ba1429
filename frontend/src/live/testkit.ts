// Helpers for the live client's unit tests.
import type { Actor, Change, ClientMessage, NotesState, OpEventMsg, ServerMessage, SnapshotMsg } from '../protocol/messages.gen';
import type { SocketLike } from './transport';

export const me: Actor = { kind: 'participant', id: 'P1', name: '王芳', group: 'G1' };
export const other: Actor = { kind: 'participant', id: 'P2', name: '李雷', group: 'G1' };

export function notesState(): NotesState {
  return {
    lanes: [
      { id: 'setting', title: { 'zh-CN': '目标制定', en: 'Setting the target' } },
      { id: 'process', title: { 'zh-CN': '过程管控', en: 'Managing the process' } },
    ],
    votes_per_person: 3,
    notes: {},
    votes: {},
  };
}

export function snapshot(board: string, seq: number, state: unknown = notesState()): SnapshotMsg {
  return { type: 'snapshot', board, kind: 'notes', activity: '1.1', group: 'G1', seq, state: state as Record<string, unknown> };
}

export function opEvent(board: string, seq: number, id: string, changes: Change[], actor: Actor = other): OpEventMsg {
  return { type: 'op', board, seq, id, actor, op: { kind: 'x' }, changes, at: new Date(0).toISOString() };
}

export function noteChange(id: string, text: string, lane = 'setting', seq = 1, author: Actor = other): Change {
  return { path: ['notes', id], value: { id, lane, text, pos: 1, author: { id: author.id, name: author.name, kind: author.kind }, seq } };
}

/** A websocket double: records what the client sends; the test plays the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientMessage[] = [];
  closed?: number;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closed = code;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  ofType<T extends ClientMessage['type']>(t: T) {
    return this.sent.filter((m) => m.type === t) as Extract<ClientMessage, { type: T }>[];
  }
}
