// The funnel boards of one activity, live: every group's board holds the same
// analysis (the trainer loads it into all of them at once) and the group's
// own findings. The console's loader and the projector read them here.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { BoardView } from '../live/boardStore';
import type { LiveClient } from '../live/transport';
import type { FunnelState } from '../protocol/messages.gen';

/** Subscribes to the boards while mounted and returns their live views, in the order of ids. */
export function useBoardViews(client: LiveClient | null, ids: readonly string[]): BoardView[] {
  const key = ids.join(',');
  useEffect(() => {
    if (!client || !key) return;
    const offs = key.split(',').map((id) => client.subscribe(id));
    return () => offs.forEach((off) => off());
  }, [client, key]);
  const last = useRef<BoardView[]>([]);
  return useSyncExternalStore(
    (cb) => {
      if (!client || !key) return () => {};
      const offs = key.split(',').map((id) => client.board(id).subscribe(cb));
      return () => offs.forEach((off) => off());
    },
    () => {
      const next = client && key ? key.split(',').map((id) => client.board(id).getView()) : [];
      const prev = last.current;
      if (next.length === prev.length && next.every((v, i) => v === prev[i])) return prev;
      last.current = next;
      return next;
    },
  );
}

/** The analysis on the boards: the first group's that has one (the trainer loads the same into all). */
export function sharedAnalysis(views: readonly BoardView[]): FunnelState | null {
  for (const v of views) {
    const s = v.state as unknown as FunnelState | null;
    if (s?.result && s.dataset) return s;
  }
  return null;
}

/** Whether two boards show the same data set. */
export function sameDataset(a: FunnelState | null, b: FunnelState | null): boolean {
  const x = a?.dataset;
  const y = b?.dataset;
  return !!x && !!y && x.source === y.source && (x.review_id ?? '') === (y.review_id ?? '') && x.name === y.name;
}
