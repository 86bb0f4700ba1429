// The agenda as screens show it: the live order of the control board (or the
// curriculum's planned order), each block with its clock time, and where the
// "now" marker is.
import { pick } from '../i18n';
import type { Activity, Block, ControlState, Curriculum } from '../protocol/messages.gen';

export interface TimedBlock {
  block: Block;
  day: number;
  /** Minutes from the day's start. */
  start: number;
  minutes: number;
  /** "09:15" */
  clock: string;
}

export function blockMinutes(cur: Curriculum, b: Block): number {
  if (b.type === 'activity') {
    for (const m of cur.modules) for (const a of m.activities) if (a.id === b.activity) return a.minutes ?? 0;
    return 0;
  }
  return b.minutes ?? 0;
}

function clockAt(start: string, minutes: number): string {
  const [h, m] = start.split(':').map(Number);
  const t = (h || 0) * 60 + (m || 0) + minutes;
  return `${String(Math.floor(t / 60) % 24).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** The agenda day by day, in the live order, with times. */
export function timedAgenda(cur: Curriculum | undefined, cs: ControlState | null | undefined): TimedBlock[][] {
  if (!cur?.agenda?.days) return [];
  const byId = new Map<string, { block: Block; day: number }>();
  cur.agenda.days.forEach((d, day) => d.blocks.forEach((block) => byId.set(block.id, { block, day })));
  const order: string[][] = cs?.order && cs.order.length ? cs.order : cur.agenda.days.map((d) => d.blocks.map((b) => b.id));
  const seen = new Set<string>();
  const days: TimedBlock[][] = cur.agenda.days.map(() => []);
  order.forEach((ids, day) => {
    for (const id of ids) {
      const hit = byId.get(id);
      if (!hit || seen.has(id) || day >= days.length) continue;
      seen.add(id);
      days[day].push({ block: hit.block, day, start: 0, minutes: 0, clock: '' });
    }
  });
  for (const [id, hit] of byId) if (!seen.has(id)) days[hit.day].push({ block: hit.block, day: hit.day, start: 0, minutes: 0, clock: '' });
  days.forEach((list, day) => {
    let at = 0;
    for (const tb of list) {
      tb.minutes = blockMinutes(cur, tb.block);
      tb.start = at;
      tb.clock = clockAt(cur.agenda.days[day].start || '09:00', at);
      at += tb.minutes;
    }
  });
  return days;
}

/** Lecture and group-work minutes (breaks excluded). */
export function agendaSplit(days: TimedBlock[][]): { lecture: number; group: number } {
  let lecture = 0;
  let group = 0;
  for (const d of days)
    for (const tb of d) {
      if (tb.block.type === 'lecture') lecture += tb.minutes;
      else if (tb.block.type !== 'break') group += tb.minutes;
    }
  return { lecture, group };
}

/** The block the "now" marker is on: now_block, or the block of the current activity. */
export function currentBlock(days: TimedBlock[][], cs: ControlState | null | undefined): TimedBlock | undefined {
  if (!cs) return undefined;
  const all = days.flat();
  return (cs.now_block && all.find((tb) => tb.block.id === cs.now_block)) || all.find((tb) => tb.block.type === 'activity' && tb.block.activity === cs.now);
}

/** A block's title: the activity's short title (or question), or the block's own title. */
/**
 * How screens name an activity: the seed's numbered questions keep their
 * number ("1.1 为什么年初定的目标完不成?"); activities the curriculum adds
 * around them have internal ids ("1.poll", "6.teammix") that mean nothing to
 * a room, so those show their title alone. `field` picks the question or the
 * title first.
 */
export function activityLabel(a: Activity, lang: string, field: 'title' | 'question' = 'title'): string {
  const first = field === 'title' ? pick(a.title, lang) || pick(a.question, lang) : pick(a.question, lang) || pick(a.title, lang);
  return /^\d+\.\d+$/.test(a.id) ? `${a.id} ${first}` : first;
}

export function blockTitle(cur: Curriculum, tb: TimedBlock, lang: string): string {
  const b = tb.block;
  if (b.type === 'activity') {
    for (const m of cur.modules) for (const a of m.activities) if (a.id === b.activity) return activityLabel(a, lang);
  }
  return pick(b.title, lang);
}
