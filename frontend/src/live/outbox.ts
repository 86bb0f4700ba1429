// The durable outbox: a tab's unacknowledged operations kept in the
// browser's storage, so an edit made offline survives the page being
// reloaded, or a phone discarding the backgrounded tab, before the network
// came back. On start the client loads them and re-sends them with their
// original ids; the server applies an id once per board and actor
// (docs/protocol.md, "Retries"), so an operation that did reach the server
// before the page went away is acknowledged again, never applied twice.
import type { Operation } from './predict';

/** The part of the Web Storage API the outbox uses. */
export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One stored operation. */
export interface StoredOp {
  board: string;
  id: string;
  op: Operation;
  /** When it was first submitted (ms since epoch). */
  at: number;
  /** The tab that holds it, so two tabs of one person never erase each other's. */
  tab: string;
}

/** Operations older than this are not re-sent: the room has long moved on. */
export const OUTBOX_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** At most this many are kept per workshop (the oldest go first). */
export const OUTBOX_MAX_OPS = 500;

const VERSION = 1;

export function outboxKey(workshop: string, as: string): string {
  return `playbook.outbox.${as}.${workshop}`;
}

/** The browser's localStorage, or null where it is unavailable (private mode, tests). */
export function browserStorage(): OutboxStorage | null {
  try {
    const s = globalThis.localStorage;
    const probe = 'playbook.probe';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

function isStoredOp(x: unknown): x is StoredOp {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  return (
    typeof o.board === 'string' &&
    typeof o.id === 'string' &&
    typeof o.tab === 'string' &&
    typeof o.at === 'number' &&
    !!o.op &&
    typeof o.op === 'object' &&
    typeof (o.op as Record<string, unknown>).kind === 'string'
  );
}

/** Reads the stored operations (all tabs), dropping expired and malformed entries. */
export function readOutbox(storage: OutboxStorage, key: string, now: number): StoredOp[] {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const doc = JSON.parse(raw) as { v?: number; ops?: unknown[] };
    if (doc.v !== VERSION || !Array.isArray(doc.ops)) return [];
    return doc.ops.filter(isStoredOp).filter((o) => now - o.at <= OUTBOX_MAX_AGE_MS);
  } catch {
    return [];
  }
}

/**
 * Replaces this tab's entries with mine (the tab's unacknowledged operations
 * now) and keeps the other tabs' entries. Failing storage (full, disabled) is
 * ignored: the operations are still in memory and sent as usual.
 */
export function writeOutbox(storage: OutboxStorage, key: string, tab: string, mine: StoredOp[], now: number): void {
  const others = readOutbox(storage, key, now).filter((o) => o.tab !== tab && !mine.some((m) => m.id === o.id && m.board === o.board));
  const ops = [...others, ...mine].sort((a, b) => a.at - b.at).slice(-OUTBOX_MAX_OPS);
  try {
    if (ops.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ v: VERSION, ops }));
  } catch {
    /* storage full or disabled */
  }
}
