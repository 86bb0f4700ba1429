// The live connection of one browser tab to one workshop: owns the websocket,
// keeps one BoardStore per board, resumes after every drop, re-sends
// unacknowledged operations with their original ids, and paces what it sends
// to the server's rate limit. Everything it does follows docs/protocol.md.
import type {
  Actor,
  ClientMessage,
  ErrorMsg,
  Limits,
  ServerMessage,
  WelcomeMsg,
} from '../protocol/messages.gen';
import { CLOSE_CODES, MAX_FRAME_BYTES } from '../protocol/messages.gen';
import { BoardStore, type PendingOp } from './boardStore';
import { newId } from './ids';
import { type OutboxStorage, outboxKey, readOutbox, type StoredOp, writeOutbox } from './outbox';
import type { Operation } from './predict';

/** The part of the browser's WebSocket the client uses (a fake one in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** connecting: first connection; online: welcomed; offline: waiting to reconnect; ended: will not reconnect. */
export type LiveStatus = 'connecting' | 'online' | 'offline' | 'ended';

/** Why the connection ended for good. */
export type EndReason = 'unauthorized' | 'moved' | 'closed';

/** An operation the server refused (rolled back), or a board that failed. */
export interface LiveError {
  code: string;
  message: string;
  board?: string;
  op?: Operation;
  field?: string;
}

export interface LiveOptions {
  workshop: string;
  as: 'participant' | 'trainer';
  /** ws(s)://host — defaults to the page's own origin. */
  origin?: string;
  socketFactory?: SocketFactory;
  /** Called after this many failed attempts in a row without a welcome (to re-check the session by HTTP). */
  failureThreshold?: number;
  random?: () => number;
  /**
   * Where unacknowledged operations are kept across page loads (outbox.ts);
   * null or absent: memory only. The app passes localStorage.
   */
  storage?: OutboxStorage | null;
  /** This client's id in the outbox, so two open tabs keep each other's entries (the app uses a fresh id per client). */
  tabId?: string;
}

const OPEN = 1;

/** Backoff after the n-th failed attempt (0-based): 0.5 s doubling to 10 s, with jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(base / 2 + random() * (base / 2));
}

/** Pause after a close 1008 (rate limit abuse) before trying again. */
export const POLICY_PAUSE_MS = 15_000;
/** An operation sent and not answered for this long is sent again (same id). */
export const ACK_TIMEOUT_MS = 15_000;
/** The client pings this often, and a connection silent for DEAD_AFTER_MS is dropped. */
export const PING_EVERY_MS = 25_000;
export const DEAD_AFTER_MS = 60_000;

interface Outgoing {
  key?: string; // coalescing key: a newer message with the same key replaces an older queued one
  msg: ClientMessage;
  onSend?: () => void;
}

type Listener<T> = (value: T) => void;

export class LiveClient {
  readonly workshop: string;
  readonly as: 'participant' | 'trainer';
  status: LiveStatus = 'connecting';
  endReason?: EndReason;
  you?: Actor;
  conn?: string;
  /** Server clock minus local clock, in ms (for timers). */
  clockOffset = 0;

  private opts: LiveOptions;
  private socket: SocketLike | null = null;
  private boards = new Map<string, BoardStore>();
  private refs = new Map<string, number>();
  /** Boards whose `subscribed` arrived on the current connection. */
  private live = new Set<string>();
  /** When a subscribe was last sent on the current connection. */
  private subscribeSentAt = new Map<string, number>();
  private editing = new Map<string, string | null>();
  private outbox: Outgoing[] = [];
  private limits: Limits = { max_frame_bytes: MAX_FRAME_BYTES, ops_per_second: 20, ops_burst: 40, max_boards: 100 };
  private tokens = 10;
  private tokensAt = 0;
  private attempts = 0;
  private failures = 0;
  private lastFrameAt = 0;
  private lastPingAt = 0;
  private timers = { reconnect: 0, drain: 0, sweep: 0, ping: 0, retry: 0 } as Record<string, ReturnType<typeof setTimeout> | 0>;
  private stopped = false;
  private statusListeners = new Set<Listener<LiveStatus>>();
  private errorListeners = new Set<Listener<LiveError>>();
  private failureListeners = new Set<Listener<number>>();
  private random: () => number;
  /** When each unacknowledged operation was submitted (for the outbox's expiry). */
  private submittedAt = new Map<string, number>();
  /** The ids last written to the outbox, to skip writes that change nothing. */
  private storedIds = '';

  constructor(opts: LiveOptions) {
    this.opts = opts;
    this.workshop = opts.workshop;
    this.as = opts.as;
    this.random = opts.random ?? Math.random;
  }

  // ---- lifecycle -----------------------------------------------------------

  /** Opens the connection (and keeps it open until stop or an ending close code). */
  start(): void {
    this.stopped = false;
    this.restoreOutbox();
    this.open();
  }

  /** Closes for good (the page goes away). */
  stop(): void {
    this.stopped = true;
    for (const k of Object.keys(this.timers)) this.clearTimer(k);
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      try {
        s.close(1000, 'bye');
      } catch {
        /* already closed */
      }
    }
    this.setStatus('ended');
    this.endReason = this.endReason ?? 'closed';
  }

  /** Reconnects now if waiting (the phone woke up, the network came back). */
  wake(): void {
    if (this.stopped || this.status === 'ended') return;
    if (this.status === 'offline' && this.timers.reconnect) {
      this.clearTimer('reconnect');
      this.open();
    } else if (this.status === 'online') {
      // A connection that slept may be dead without knowing it: probe it.
      this.lastFrameAt = Math.min(this.lastFrameAt, Date.now() - DEAD_AFTER_MS + 6_000);
      this.enqueue({ msg: { type: 'ping', t: Date.now() } });
    }
  }

  // ---- boards --------------------------------------------------------------

  /** The store of a board (created on first use; not subscribed by this call). */
  board(id: string): BoardStore {
    let b = this.boards.get(id);
    if (!b) {
      b = new BoardStore(id);
      if (this.you) b.setActor(this.you);
      this.boards.set(id, b);
    }
    return b;
  }

  /** Subscribes to a board (reference-counted); the returned function unsubscribes. */
  subscribe(id: string): () => void {
    const n = (this.refs.get(id) ?? 0) + 1;
    this.refs.set(id, n);
    const b = this.board(id);
    if (n === 1 && this.status === 'online') this.sendSubscribe(b);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.refs.get(id) ?? 1) - 1;
      if (left > 0) {
        this.refs.set(id, left);
        return;
      }
      this.refs.delete(id);
      this.live.delete(id);
      this.subscribeSentAt.delete(id);
      if (this.status === 'online') this.enqueue({ msg: { type: 'unsubscribe', board: id } });
    };
  }

  /** Submits an operation: applied locally at once, sent now or when possible. Returns its id. */
  submit(board: string, op: Operation): string {
    const id = newId();
    const b = this.board(board);
    this.submittedAt.set(id, Date.now());
    b.addPending(id, op);
    this.saveOutbox();
    this.pump(board);
    return id;
  }

  /** Says which unit of a board this tab is editing (or null). */
  setEditing(board: string, editing: string | null): void {
    if ((this.editing.get(board) ?? null) === editing) return;
    this.editing.set(board, editing);
    if (this.status === 'online' && this.live.has(board)) {
      this.enqueue({ key: 'presence:' + board, msg: { type: 'presence', board, editing } });
    }
  }

  /** Operations not yet confirmed, on every board (for "n edits waiting"). */
  pendingCount(): number {
    let n = 0;
    for (const b of this.boards.values()) n += b.pendingOps().filter((p) => p.ackSeq === undefined).length;
    return n;
  }

  // ---- events --------------------------------------------------------------

  onStatus(l: Listener<LiveStatus>): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  onError(l: Listener<LiveError>): () => void {
    this.errorListeners.add(l);
    return () => this.errorListeners.delete(l);
  }

  /** Called with the number of failed attempts in a row once it reaches the threshold (default 3). */
  onRepeatedFailure(l: Listener<number>): () => void {
    this.failureListeners.add(l);
    return () => this.failureListeners.delete(l);
  }

  // ---- connection ----------------------------------------------------------

  private url(): string {
    let origin = this.opts.origin;
    if (!origin) {
      const loc = globalThis.location;
      origin = (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host;
    }
    return `${origin}/ws?workshop=${encodeURIComponent(this.workshop)}&as=${this.as}`;
  }

  private open(): void {
    if (this.stopped) return;
    const factory = this.opts.socketFactory ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    let s: SocketLike;
    try {
      s = factory(this.url());
    } catch {
      this.scheduleReconnect(1006);
      return;
    }
    this.socket = s;
    let welcomed = false;
    s.onmessage = (ev) => {
      if (this.socket !== s) return;
      this.lastFrameAt = Date.now();
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'welcome') welcomed = true;
      this.handle(msg);
      if (msg.type === 'ack' || msg.type === 'op' || msg.type === 'snapshot' || msg.type === 'error') this.saveOutbox();
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = null;
      if (!welcomed) this.failures++;
      this.dropped(ev.code);
    };
    s.onerror = () => {
      /* a close event follows */
    };
  }

  private dropped(code: number): void {
    this.clearTimer('drain');
    this.clearTimer('sweep');
    this.clearTimer('ping');
    this.clearTimer('retry');
    this.outbox = [];
    this.live.clear();
    this.subscribeSentAt.clear();
    for (const b of this.boards.values()) b.markUnsent();
    if (this.stopped) return;
    if (code === CLOSE_CODES.unauthorized) return this.end('unauthorized');
    if (code === CLOSE_CODES.moved) return this.end('moved');
    if (this.failures >= (this.opts.failureThreshold ?? 3)) {
      for (const l of this.failureListeners) l(this.failures);
    }
    this.scheduleReconnect(code);
  }

  private end(reason: EndReason): void {
    this.endReason = reason;
    this.stopped = true;
    for (const k of Object.keys(this.timers)) this.clearTimer(k);
    this.setStatus('ended');
  }

  private scheduleReconnect(code: number): void {
    this.setStatus('offline');
    const delay = code === CLOSE_CODES.policy ? POLICY_PAUSE_MS + backoffDelay(this.attempts, this.random) : backoffDelay(this.attempts, this.random);
    this.attempts++;
    this.clearTimer('reconnect');
    this.timers.reconnect = setTimeout(() => {
      this.timers.reconnect = 0;
      this.open();
    }, delay);
  }

  private setStatus(s: LiveStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }

  // ---- the durable outbox --------------------------------------------------

  /** Loads the operations a previous page (or another tab) left unacknowledged. */
  private restoreOutbox(): void {
    const storage = this.opts.storage;
    if (!storage) return;
    const now = Date.now();
    for (const o of readOutbox(storage, outboxKey(this.workshop, this.as), now)) {
      const b = this.board(o.board);
      if (b.pendingOps().some((p) => p.id === o.id)) continue;
      this.submittedAt.set(o.id, o.at);
      b.addPending(o.id, o.op);
    }
    this.storedIds = '';
    this.saveOutbox();
  }

  /** Writes this tab's unacknowledged operations when they changed. */
  private saveOutbox(): void {
    const storage = this.opts.storage;
    if (!storage) return;
    const tab = this.opts.tabId ?? 'tab';
    const mine: StoredOp[] = [];
    for (const b of this.boards.values()) {
      for (const p of b.pendingOps()) {
        if (p.ackSeq !== undefined) continue;
        mine.push({ board: b.id, id: p.id, op: p.op, at: this.submittedAt.get(p.id) ?? Date.now(), tab });
      }
    }
    const ids = mine.map((m) => m.id).join(',');
    if (ids === this.storedIds) return;
    this.storedIds = ids;
    for (const id of this.submittedAt.keys()) if (!mine.some((m) => m.id === id)) this.submittedAt.delete(id);
    writeOutbox(storage, outboxKey(this.workshop, this.as), tab, mine, Date.now());
  }

  // ---- incoming ------------------------------------------------------------

  private handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome':
        return this.welcome(msg);
      case 'snapshot':
        this.boards.get(msg.board)?.applySnapshot(msg);
        return;
      case 'subscribed': {
        const b = this.boards.get(msg.board);
        if (!b || !this.refs.has(msg.board)) return;
        b.markSubscribed(msg.seq);
        if (b.isResyncing) {
          this.sendSubscribe(b);
          return;
        }
        this.live.add(msg.board);
        const editing = this.editing.get(msg.board);
        if (editing) this.enqueue({ key: 'presence:' + msg.board, msg: { type: 'presence', board: msg.board, editing } });
        this.pump(msg.board);
        return;
      }
      case 'op': {
        const b = this.boards.get(msg.board);
        if (!b) return;
        if (b.applyOp(msg) === 'gap') this.sendSubscribe(b);
        return;
      }
      case 'ack':
        this.boards.get(msg.board)?.ack(msg.id, msg.seq);
        return;
      case 'error':
        return this.error(msg);
      case 'presence':
        this.boards.get(msg.board)?.setMembers(msg.members ?? []);
        return;
      case 'pong':
        return;
      case 'unsubscribed': {
        // The server ended the subscription (a gallery walk stopped): the
        // board is no longer readable; do not try to resubscribe.
        const b = this.boards.get(msg.board);
        this.live.delete(msg.board);
        this.subscribeSentAt.set(msg.board, Date.now());
        b?.setError({ code: msg.reason || 'forbidden', message: msg.reason });
        return;
      }
    }
  }

  private welcome(msg: WelcomeMsg): void {
    this.you = msg.you;
    this.conn = msg.conn;
    this.limits = msg.limits ?? this.limits;
    this.clockOffset = Date.parse(msg.server_time) - Date.now() || 0;
    this.attempts = 0;
    this.failures = 0;
    this.tokens = this.burst();
    this.tokensAt = Date.now();
    this.lastPingAt = Date.now();
    for (const b of this.boards.values()) b.setActor(msg.you);
    this.setStatus('online');
    // Resume: every board with `since` (its ops are re-sent after `subscribed`).
    for (const id of this.refs.keys()) this.sendSubscribe(this.board(id));
    // Operations on boards this tab does not subscribe to go out at once.
    for (const id of this.boards.keys()) if (!this.refs.has(id)) this.pump(id);
    this.scheduleSweep();
    this.schedulePing();
  }

  private error(msg: ErrorMsg): void {
    const b = msg.board ? this.boards.get(msg.board) : undefined;
    if (msg.code === 'rate_limited') {
      // A dropped message (the server does not say which): re-send whatever
      // is unanswered after a pause, with the same ids.
      this.retrySoon(1_000);
      return;
    }
    if (b && msg.id) {
      if (msg.code === 'unavailable') {
        // Nothing stored: retry the same operation id after a pause.
        b.markUnsent((p) => p.id === msg.id);
        this.retrySoon(2_000);
        return;
      }
      const rejected = b.reject(msg.id);
      if (rejected) this.emitError({ code: msg.code, message: msg.message, board: b.id, op: rejected.op, field: msg.field });
      return;
    }
    if (b) {
      switch (msg.code) {
        case 'bad_sequence':
          b.resetForSnapshot();
          this.sendSubscribe(b);
          return;
        case 'not_subscribed':
          return;
        case 'unavailable':
          this.subscribeSentAt.delete(b.id);
          this.retrySoon(2_000);
          return;
        default:
          b.setError({ code: msg.code, message: msg.message });
          this.emitError({ code: msg.code, message: msg.message, board: b.id });
          return;
      }
    }
    this.emitError({ code: msg.code, message: msg.message });
  }

  private emitError(e: LiveError): void {
    for (const l of this.errorListeners) l(e);
  }

  // ---- outgoing ------------------------------------------------------------

  private sendSubscribe(b: BoardStore): void {
    if (this.status !== 'online') return;
    this.live.delete(b.id);
    this.subscribeSentAt.set(b.id, Date.now());
    const msg: ClientMessage = b.hasState ? { type: 'subscribe', board: b.id, since: b.lastSeq } : { type: 'subscribe', board: b.id };
    this.enqueue({ key: 'subscribe:' + b.id, msg });
  }

  /** Sends the queued operations of a board, in order, once it is safe to. */
  private pump(board: string): void {
    if (this.status !== 'online') return;
    // A subscribed board sends only after its resume completed, so re-sent
    // operations follow the operations missed while away.
    if (this.refs.has(board) && !this.live.has(board)) return;
    const b = this.boards.get(board);
    if (!b) return;
    for (const p of b.pendingOps()) {
      if (p.sent || p.ackSeq !== undefined) continue;
      b.markSent(p.id, Date.now());
      this.enqueue({ msg: { type: 'op', board, id: p.id, op: p.op } });
    }
  }

  private enqueue(o: Outgoing): void {
    if (o.key) {
      const i = this.outbox.findIndex((x) => x.key === o.key);
      if (i >= 0) {
        this.outbox[i] = o;
        return;
      }
    }
    this.outbox.push(o);
    this.drain();
  }

  private burst(): number {
    return Math.max(1, Math.floor(this.limits.ops_burst * 0.75));
  }

  /** Sends what the rate limit allows now and schedules the rest. */
  private drain(): void {
    const s = this.socket;
    if (!s || s.readyState !== OPEN || this.status !== 'online') return;
    const rate = Math.max(1, this.limits.ops_per_second * 0.8);
    const now = Date.now();
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.tokensAt) / 1000) * rate);
    this.tokensAt = now;
    while (this.outbox.length > 0 && this.tokens >= 1) {
      const o = this.outbox.shift()!;
      const data = JSON.stringify(o.msg);
      if (data.length > this.limits.max_frame_bytes) continue; // never send what the server would close us for
      this.tokens -= 1;
      s.send(data);
      o.onSend?.();
    }
    if (this.outbox.length > 0 && !this.timers.drain) {
      const wait = Math.ceil(((1 - this.tokens) / rate) * 1000);
      this.timers.drain = setTimeout(() => {
        this.timers.drain = 0;
        this.drain();
      }, Math.max(10, wait));
    }
  }

  /** Re-sends unanswered operations and subscriptions after a pause. */
  private retrySoon(ms: number): void {
    if (this.timers.retry) return;
    this.timers.retry = setTimeout(() => {
      this.timers.retry = 0;
      this.resendUnanswered(ms);
    }, ms);
  }

  private resendUnanswered(olderThan: number): void {
    if (this.status !== 'online') return;
    const cutoff = Date.now() - olderThan;
    for (const id of this.refs.keys()) {
      const at = this.subscribeSentAt.get(id);
      if (!this.live.has(id) && (at === undefined || at <= cutoff)) this.sendSubscribe(this.board(id));
    }
    for (const b of this.boards.values()) {
      b.markUnsent((p: PendingOp) => (p.sentAt ?? 0) <= cutoff);
      this.pump(b.id);
    }
  }

  private scheduleSweep(): void {
    this.clearTimer('sweep');
    this.timers.sweep = setTimeout(() => {
      this.timers.sweep = 0;
      this.resendUnanswered(ACK_TIMEOUT_MS);
      if (this.status === 'online') this.scheduleSweep();
    }, 5_000);
  }

  /** Every few seconds: ping when quiet, and drop a connection silent for too long. */
  private schedulePing(): void {
    this.clearTimer('ping');
    this.timers.ping = setTimeout(() => {
      this.timers.ping = 0;
      if (this.status !== 'online' || !this.socket) return;
      const now = Date.now();
      if (now - this.lastFrameAt > DEAD_AFTER_MS) {
        // Silent for too long: the network is gone without a close. Start over.
        const s = this.socket;
        this.socket = null;
        s.onclose = s.onmessage = null;
        try {
          s.close();
        } catch {
          /* ignore */
        }
        this.dropped(1006);
        return;
      }
      if (now - this.lastPingAt >= PING_EVERY_MS) {
        this.lastPingAt = now;
        this.enqueue({ key: 'ping', msg: { type: 'ping', t: now } });
      }
      this.schedulePing();
    }, 5_000);
  }

  private clearTimer(name: string): void {
    const t = this.timers[name];
    if (t) clearTimeout(t);
    this.timers[name] = 0;
  }
}
