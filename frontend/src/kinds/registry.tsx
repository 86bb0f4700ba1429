// One board component per template kind. Adding a kind is one Go file in
// exercises/ and one component here (loaded only when a board of that kind
// is shown, so the phone's first load stays small).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { NotesBoard } from '../participant/NotesBoard';
import type { BoardProps } from './types';

type BoardComponent = ComponentType<BoardProps> | LazyExoticComponent<ComponentType<BoardProps>>;

const TableBoard = lazy(() => import('./TableBoard'));
const StructuredBoard = lazy(() => import('../playbook/StructuredBoard'));

/** The playbook's structured kinds share one component that switches on the kind. */
function structured(kind: string): ComponentType<BoardProps> {
  const Board = (p: BoardProps) => <StructuredBoard kind={kind} client={p.client} view={p.view} readOnly={p.readOnly || !!p.visiting} />;
  Board.displayName = `StructuredBoard(${kind})`;
  return Board;
}

export const BOARD_COMPONENTS: Record<string, BoardComponent> = {
  notes: NotesBoard,
  table: TableBoard,
  plan: TableBoard,
  canvas: lazy(() => import('./CanvasBoard')),
  poll: lazy(() => import('./PollBoard')),
  reflection: lazy(() => import('./ReflectionBoard')),
  stages: lazy(() => import('../playbook/StagesBoard')),
  targets: structured('targets'),
  kpis: structured('kpis'),
  tiers: structured('tiers'),
  meetings: structured('meetings'),
  tables: structured('tables'),
  'team-mix': structured('team-mix'),
  'case-draft': lazy(() => import('../cases/CaseDraftBoard')),
  funnel: lazy(() => import('../funnel/FunnelBoard')),
};
