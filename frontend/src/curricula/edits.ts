// Structural edits of a curriculum copy in the editor: add, remove and move
// modules and activities. Each keeps the copy consistent the way a trainer
// expects — a new activity goes on the agenda after its module's blocks, a
// removed activity leaves the agenda and the toolkit, a removed module takes
// its activities, lectures and cases with it — so the server's check
// (exercises.Curriculum.Check), which still refuses any dangling reference,
// has nothing to refuse. Every function changes the curriculum in place
// (the editor calls them on a structured clone).
import type { Preset, Template } from '../api/types';
import type { Activity, Curriculum, Module, Text } from '../protocol/messages.gen';

export type { Preset, Template };

const empty = (): Text => ({ 'zh-CN': '', en: '' });

/** The next free activity id of a module: "<number>.<n>", n above every number used. */
export function nextActivityId(c: Curriculum, mi: number): string {
  const m = c.modules[mi];
  const taken = new Set(c.modules.flatMap((x) => x.activities.map((a) => a.id)));
  let n = 1;
  for (const a of m.activities) {
    const match = /^\d+\.(\d+)$/.exec(a.id);
    if (match) n = Math.max(n, Number(match[1]) + 1);
  }
  while (taken.has(`${m.number}.${n}`)) n++;
  return `${m.number}.${n}`;
}

/** A block id not used by the agenda ("b52"). */
function nextBlockId(c: Curriculum): string {
  const ids = new Set(c.agenda.days.flatMap((d) => d.blocks.map((b) => b.id)));
  let n = ids.size + 1;
  for (const id of ids) {
    const match = /^b(\d+)$/.exec(id);
    if (match) n = Math.max(n, Number(match[1]) + 1);
  }
  while (ids.has(`b${n}`)) n++;
  return `b${n}`;
}

/**
 * addActivity appends a new activity of a template (with a preset's
 * configuration) to module mi and schedules it after the module's last
 * agenda block (or at the end of the last day). It returns the new id.
 */
export function addActivity(c: Curriculum, mi: number, template: Template, preset?: Preset, minutes = 15): string {
  const m = c.modules[mi];
  const id = nextActivityId(c, mi);
  const a: Activity = { id, type: template.type, template: template.kind, title: empty(), question: empty(), minutes };
  if (preset?.config !== undefined && preset.config !== null) a.config = structuredClone(preset.config);
  m.activities.push(a);
  const days = c.agenda.days;
  if (days.length === 0) return id;
  let at: [number, number] = [days.length - 1, days[days.length - 1].blocks.length];
  days.forEach((d, di) =>
    d.blocks.forEach((b, bi) => {
      if (b.module === m.id) at = [di, bi + 1];
    }),
  );
  days[at[0]].blocks.splice(at[1], 0, { id: nextBlockId(c), type: 'activity', module: m.id, activity: id });
  return id;
}

/** removeActivity deletes an activity, its agenda blocks and its toolkit links. */
export function removeActivity(c: Curriculum, mi: number, ai: number) {
  const [gone] = c.modules[mi].activities.splice(ai, 1);
  if (!gone) return;
  dropActivities(c, new Set([gone.id]));
}

function dropActivities(c: Curriculum, ids: Set<string>) {
  for (const d of c.agenda.days) d.blocks = d.blocks.filter((b) => !(b.type === 'activity' && ids.has(b.activity ?? '')));
  for (const t of c.toolkit ?? []) if (t.activities) t.activities = t.activities.filter((a) => !ids.has(a));
}

/** moveItem moves list[i] by delta (−1 up, +1 down) when it stays in the list. */
export function moveItem<T>(list: T[], i: number, delta: number): boolean {
  const j = i + delta;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return false;
  [list[i], list[j]] = [list[j], list[i]];
  return true;
}

/** Modules are numbered by their place. */
function renumber(c: Curriculum) {
  c.modules.forEach((m, i) => (m.number = i + 1));
}

export function moveModule(c: Curriculum, mi: number, delta: number) {
  if (moveItem(c.modules, mi, delta)) renumber(c);
}

/** addModule appends an empty module with a free id ("m7") and returns its index. */
export function addModule(c: Curriculum): number {
  const ids = new Set(c.modules.map((m) => m.id));
  let n = c.modules.length + 1;
  while (ids.has(`m${n}`)) n++;
  const m: Module = { id: `m${n}`, number: c.modules.length + 1, title: empty(), topics: [], activities: [] };
  c.modules.push(m);
  return c.modules.length - 1;
}

/**
 * removeModule deletes a module with its activities and every agenda block of
 * the module (its lectures, cases and activities); toolkit entries about it
 * keep their text and lose the link.
 */
export function removeModule(c: Curriculum, mi: number) {
  const [gone] = c.modules.splice(mi, 1);
  if (!gone) return;
  dropActivities(c, new Set(gone.activities.map((a) => a.id)));
  for (const d of c.agenda.days) d.blocks = d.blocks.filter((b) => b.module !== gone.id);
  for (const t of c.toolkit ?? []) if (t.module === gone.id) delete t.module;
  renumber(c);
}

/** A check's problem, in the trainer's language. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Problems at path exactly or inside it ("modules[0].title" holds "modules[0].title.zh-CN"). */
export function problemsAt(problems: FieldProblem[], path: string): FieldProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(path + '.') || p.path.startsWith(path + '['));
}
