// Helpers for the live client's unit tests.
import type { Actor, Change, NotesState, OpEventMsg, SnapshotMsg } from '../protocol/messages.gen';

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
