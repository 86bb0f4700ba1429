// The items of a board that comments can point at, with a short text each.
import { pick } from '../i18n';
import type { CanvasState, NotesState, PollState, TableState } from '../protocol/messages.gen';
import { cellText } from './cells';

export interface BoardItem {
  id: string;
  text: string;
}

export function itemsOf(kind: string, state: unknown, lang: string): BoardItem[] {
  switch (kind) {
    case 'notes':
      return Object.values((state as NotesState).notes ?? {})
        .sort((a, b) => a.pos - b.pos)
        .map((n) => ({ id: n.id, text: n.text }));
    case 'canvas':
      return Object.values((state as CanvasState).notes ?? {})
        .sort((a, b) => a.pos - b.pos)
        .map((n) => ({ id: n.id, text: n.text }));
    case 'table':
    case 'plan': {
      const s = state as TableState;
      const first = s.columns?.[0];
      return Object.values(s.rows ?? {})
        .sort((a, b) => a.pos - b.pos)
        .map((r, i) => ({ id: r.id, text: `${i + 1}. ${first ? cellText(first, r.cells?.[first.id], lang) : r.id}` }));
    }
    case 'poll':
      return ((state as PollState).options ?? []).map((o) => ({ id: o.id, text: pick(o.title, lang) }));
  }
  const maps = STRUCTURED_ITEMS[kind];
  return maps ? maps.flatMap((key) => named((state as Record<string, unknown>)[key])) : [];
}

/** The maps of items a structured board's comments can point at (exercises: each kind's HasItem). */
const STRUCTURED_ITEMS: Record<string, string[]> = {
  stages: ['steps', 'stages'],
  targets: ['quarters', 'regions', 'reps'],
  kpis: ['metrics'],
  tiers: ['tiers', 'dimensions'],
  meetings: ['meetings'],
  tables: ['tables'],
  'team-mix': ['people'],
};

function named(m: unknown): BoardItem[] {
  return Object.values((m ?? {}) as Record<string, { id: string; name?: string; label?: string; pos?: number }>)
    .sort((a, b) => (a.pos ?? 0) - (b.pos ?? 0) || a.id.localeCompare(b.id))
    .map((x) => ({ id: x.id, text: x.name?.trim() || x.label?.trim() || x.id }));
}
