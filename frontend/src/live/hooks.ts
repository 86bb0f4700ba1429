// React bindings of the live client.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { BoardView } from './boardStore';
import { browserStorage } from './outbox';
import { LiveClient, type LiveError, type LiveStatus } from './transport';
import { newId } from './ids';

/** One live connection for the component's lifetime (null until workshop is known). */
export function useLiveClient(workshop: string | undefined, as: 'participant' | 'trainer'): LiveClient | null {
  const [client, setClient] = useState<LiveClient | null>(null);
  useEffect(() => {
    if (!workshop) return;
    // Each client writes its own entries of the outbox under an id of its
    // own: a client never erases the entries of another one still open (a
    // second tab), and adopts on start whatever earlier pages left.
    const c = new LiveClient({ workshop, as, storage: browserStorage(), tabId: newId() });
    c.start();
    setClient(c);
    const wake = () => {
      if (document.visibilityState !== 'hidden') c.wake();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
      c.stop();
      setClient(null);
    };
  }, [workshop, as]);
  return client;
}

/** The connection's status, live. */
export function useLiveStatus(client: LiveClient | null): LiveStatus {
  return useSyncExternalStore(
    (cb) => (client ? client.onStatus(cb) : () => {}),
    () => client?.status ?? 'connecting',
  );
}

const EMPTY_VIEW: BoardView = {
  id: '',
  seq: 0,
  status: 'loading',
  state: null,
  confirmed: null,
  pending: [],
  pendingKeys: new Set(),
  members: [],
};

/** Subscribes to a board while mounted and returns its live view. */
export function useBoard(client: LiveClient | null, board: string | undefined): BoardView {
  useEffect(() => {
    if (!client || !board) return;
    return client.subscribe(board);
  }, [client, board]);
  const store = client && board ? client.board(board) : null;
  return useSyncExternalStore(
    (cb) => (store ? store.subscribe(cb) : () => {}),
    () => (store ? store.getView() : EMPTY_VIEW),
  );
}

/** Calls fn for every refused operation or failed board. */
export function useLiveErrors(client: LiveClient | null, fn: (e: LiveError) => void): void {
  useEffect(() => {
    if (!client) return;
    return client.onError(fn);
  }, [client, fn]);
}
