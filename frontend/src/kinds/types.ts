// What every template kind's board component receives. One component per
// kind (src/kinds/<Kind>Board.tsx), registered in registry.ts.
import type { BoardView } from '../live/boardStore';
import type { LiveClient } from '../live/transport';

export interface BoardProps {
  client: LiveClient;
  view: BoardView;
  /** Closed, locked, or someone else's board: shown, not edited. */
  readOnly: boolean;
  /** A gallery walk visit: only votes (and comments) are taken. */
  visiting?: boolean;
}

export type Op = Record<string, unknown> & { kind: string };
