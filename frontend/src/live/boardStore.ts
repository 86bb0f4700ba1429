// One board as this client sees it: the server's confirmed state at a
// sequence number, plus this client's operations that are not confirmed yet
// (shown optimistically on top). Pure bookkeeping with no I/O: the transport
// feeds it server messages and sends what it asks for, so every rule of
// docs/protocol.md ("Sequence rule", "Resuming") is unit-tested here.
import type { Actor, Change, Member, OpEventMsg, SnapshotMsg } from '../protocol/messages.gen';
import { applyChanges, type State } from './changes';
import { predictors, type Operation } from './predict';

/** An operation of this client that the server has not confirmed yet. */
export interface PendingOp {
  id: string;
  op: Operation;
  /** Sent on the current connection (false: queued, to be sent). */
  sent: boolean;
  sentAt?: number;
  /** The sequence the server acknowledged it at, while that op is not applied here yet. */
  ackSeq?: number;
}

export interface BoardError {
  code: string;
  message: string;
}

/** What a component renders: an immutable snapshot of the board. */
export interface BoardView {
  id: string;
  kind?: string;
  activity?: string;
  group?: string;
  /** Last sequence applied from the server. */
  seq: number;
  /** loading: no state yet; ready: caught up and live; resyncing: repairing a gap. */
  status: 'loading' | 'ready' | 'resyncing' | 'error';
  /** The confirmed state with the pending operations applied on top; null before the first snapshot. */
  state: State | null;
  /** The server's state alone. */
  confirmed: State | null;
  pending: readonly PendingOp[];
  /** Keys "<path[0]>/<path[1]>" (for example "notes/n-1") touched by pending operations. */
  pendingKeys: ReadonlySet<string>;
  members: readonly Member[];
  error?: BoardError;
}

/** What applying a server `op` event did. */
export type OpResult = 'applied' | 'duplicate' | 'gap' | 'ignored';

export class BoardStore {
  readonly id: string;
  private kind?: string;
  private activity?: string;
  private group?: string;
  private seq = 0;
  private confirmed: State | null = null;
  private pending: PendingOp[] = [];
  private members: Member[] = [];
  private status: BoardView['status'] = 'loading';
  private error?: BoardError;
  private actor?: Actor;
  private view: BoardView;
  private listeners = new Set<() => void>();

  constructor(id: string) {
    this.id = id;
    this.view = this.compute();
  }

  // ---- reading -------------------------------------------------------------

  getView = (): BoardView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get lastSeq(): number {
    return this.seq;
  }

  get hasState(): boolean {
    return this.confirmed !== null;
  }

  get isResyncing(): boolean {
    return this.status === 'resyncing';
  }

  pendingOps(): readonly PendingOp[] {
    return this.pending;
  }

  // ---- server messages -----------------------------------------------------

  /** Sets who "I" am, for predictions (author of notes, voter). */
  setActor(actor: Actor): void {
    this.actor = actor;
    this.changed();
  }

  /** A `snapshot`: replace the local copy and the sequence. */
  applySnapshot(msg: SnapshotMsg): void {
    this.kind = msg.kind;
    this.activity = msg.activity;
    this.group = msg.group;
    this.confirmed = msg.state ?? {};
    this.seq = msg.seq;
    this.error = undefined;
    // Operations acknowledged at or before the snapshot are in it.
    this.pending = this.pending.filter((p) => p.ackSeq === undefined || p.ackSeq > this.seq);
    if (this.status === 'loading' || this.status === 'error') this.status = 'resyncing';
    this.changed();
  }

  /**
   * An `op` event. Applies it when it is the next in sequence, ignores what
   * was already applied, and reports a gap (the caller re-subscribes with
   * `since`; later events are ignored until `subscribed`).
   */
  applyOp(msg: OpEventMsg): OpResult {
    if (this.confirmed === null) return 'ignored';
    if (msg.seq <= this.seq) return 'duplicate';
    if (msg.seq > this.seq + 1) {
      if (this.status === 'resyncing') return 'ignored';
      this.status = 'resyncing';
      this.changed();
      return 'gap';
    }
    this.confirmed = applyChanges(this.confirmed, msg.changes ?? []);
    this.seq = msg.seq;
    this.pending = this.pending.filter(
      (p) => !(p.id === msg.id && (!this.actor || msg.actor.id === this.actor.id)) && !(p.ackSeq !== undefined && p.ackSeq <= this.seq),
    );
    this.changed();
    return 'applied';
  }

  /** `subscribed`: caught up and live. */
  markSubscribed(seq: number): void {
    if (seq > this.seq && this.confirmed !== null) {
      // Should not happen (the server sends what is missing first); stay
      // resyncing so the transport asks again.
      this.status = 'resyncing';
    } else {
      this.status = 'ready';
    }
    this.changed();
  }

  /** The server refused `since`: forget the state and wait for a snapshot. */
  resetForSnapshot(): void {
    this.confirmed = null;
    this.seq = 0;
    this.status = 'loading';
    this.changed();
  }

  /** A subscription error (not_found, forbidden, too_many_boards). */
  setError(err: BoardError): void {
    this.status = 'error';
    this.error = err;
    this.changed();
  }

  setMembers(members: Member[]): void {
    this.members = members;
    this.changed();
  }

  // ---- this client's operations ------------------------------------------

  /** Records a new operation (shown at once, sent by the transport). */
  addPending(id: string, op: Operation): void {
    this.pending = [...this.pending, { id, op, sent: false }];
    this.changed();
  }

  /** Marks an operation as handed to the socket. */
  markSent(id: string, at: number): void {
    this.pending = this.pending.map((p) => (p.id === id ? { ...p, sent: true, sentAt: at } : p));
    this.changed();
  }

  /** Marks operations as to be sent again (after a disconnect, or unanswered). */
  markUnsent(filter: (p: PendingOp) => boolean = () => true): number {
    let n = 0;
    this.pending = this.pending.map((p) => {
      if (p.sent && p.ackSeq === undefined && filter(p)) {
        n++;
        return { ...p, sent: false, sentAt: undefined };
      }
      return p;
    });
    if (n > 0) this.changed();
    return n;
  }

  /** An `ack`. Returns false when the id is not (or no longer) pending. */
  ack(id: string, seq: number): boolean {
    const p = this.pending.find((x) => x.id === id);
    if (!p) return false;
    if (seq <= this.seq && this.confirmed !== null) {
      // Its op event was applied already (or it is in the snapshot).
      this.pending = this.pending.filter((x) => x.id !== id);
    } else {
      this.pending = this.pending.map((x) => (x.id === id ? { ...x, ackSeq: seq } : x));
    }
    this.changed();
    return true;
  }

  /** An `error` for an operation: roll it back. Returns the operation, if it was pending. */
  reject(id: string): PendingOp | undefined {
    const p = this.pending.find((x) => x.id === id);
    if (!p) return undefined;
    this.pending = this.pending.filter((x) => x.id !== id);
    this.changed();
    return p;
  }

  // ---- internals -----------------------------------------------------------

  private compute(): BoardView {
    let state = this.confirmed;
    const pendingKeys = new Set<string>();
    if (state !== null) {
      const predict = this.kind ? predictors[this.kind] : undefined;
      for (const p of this.pending) {
        if (p.ackSeq !== undefined && p.ackSeq <= this.seq) continue;
        let changes: Change[] | null = null;
        try {
          changes = predict && this.actor ? predict(state, p.op, this.actor) : null;
        } catch {
          changes = null;
        }
        if (!changes) continue;
        state = applyChanges(state, changes);
        for (const c of changes) pendingKeys.add(c.path.slice(0, 2).join('/'));
      }
    }
    return {
      id: this.id,
      kind: this.kind,
      activity: this.activity,
      group: this.group,
      seq: this.seq,
      status: this.status,
      state,
      confirmed: this.confirmed,
      pending: this.pending,
      pendingKeys,
      members: this.members,
      error: this.error,
    };
  }

  private changed(): void {
    this.view = this.compute();
    for (const l of this.listeners) l();
  }
}
