// Finding activities in a curriculum.
import type { Activity, Curriculum, Module } from '../api/types';

export function findActivity(cur: Curriculum | undefined, id: string | undefined): { module?: Module; activity?: Activity } {
  if (!cur || !id) return {};
  for (const m of cur.modules) {
    const a = m.activities.find((x) => x.id === id);
    if (a) return { module: m, activity: a };
  }
  return {};
}

export function allActivities(cur: Curriculum | undefined): { module: Module; activity: Activity }[] {
  if (!cur) return [];
  return cur.modules.flatMap((m) => m.activities.map((a) => ({ module: m, activity: a })));
}

/** Template kinds this release renders (src/kinds/registry.tsx has most of their components). */
export const RENDERED_KINDS = new Set(['notes', 'case-draft', 'table', 'plan', 'canvas', 'poll', 'reflection', 'funnel']);

/** Structured kinds of the company playbook, rendered by src/playbook (loaded on demand). */
export const PLAYBOOK_KINDS = new Set(['stages', 'kpis', 'tiers', 'meetings', 'tables', 'team-mix', 'targets']);
