// Pure helpers of the pass-off screens: reading a round's state, timers, and
// the rubric rules the server enforces (mirrored for feedback as you type;
// the server stays the authority).
import type { AttemptRecord, Criterion, Rubric, RoundState, SheetState, Text } from '../protocol/messages.gen';

export const MAX_CRITERIA = 12;
export const MAX_SCALE = 10;

/** Attempts in round order. */
export function attemptsInOrder(round: RoundState | null): AttemptRecord[] {
  if (!round) return [];
  return Object.values(round.attempts ?? {}).sort((a, b) => a.number - b.number);
}

/** The attempt being judged now, if any. */
export function currentAttempt(round: RoundState | null): AttemptRecord | undefined {
  const id = round?.current?.attempt;
  return id ? round?.attempts?.[id] : undefined;
}

/** The attempt revealed last (what the projector shows). */
export function lastRevealed(round: RoundState | null): AttemptRecord | undefined {
  return round?.last ? round.attempts?.[round.last] : undefined;
}

/** Seconds left on the performance timer (never negative), or null without one. */
export function secondsLeft(deadline: string | undefined, nowMs: number): number | null {
  if (!deadline) return null;
  const end = Date.parse(deadline);
  if (Number.isNaN(end)) return null;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/** "4:05" */
export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

/** The levels of a scale, lowest first. */
export function levels(scale: { min: number; max: number }): number[] {
  const out: number[] = [];
  for (let v = scale.min; v <= scale.max; v++) out.push(v);
  return out;
}

/** Criteria of the sheet, in rubric order, that are not scored yet. */
export function missingCriteria(sheet: SheetState | null): string[] {
  if (!sheet) return [];
  return (sheet.criteria ?? []).filter((c) => sheet.scores?.[c] === undefined);
}

/** What a judge's phone shows. */
export type SheetMode = 'not-judge' | 'idle' | 'self' | 'scoring' | 'submitted' | 'revealed';

export function sheetMode(sheet: SheetState | null): SheetMode {
  if (!sheet || !sheet.judge) return 'not-judge';
  const cur = sheet.current;
  if (!cur) return 'idle';
  if (cur.revealed) return 'revealed';
  if (cur.self) return 'self';
  return sheet.submitted ? 'submitted' : 'scoring';
}

/** A problem of a rubric being edited, as a translation key with values and the place. */
export interface RubricProblem {
  key: string;
  values?: Record<string, string | number>;
  criterion?: number;
  level?: number;
}

function blank(t: Text | undefined): boolean {
  return !t || (!t['zh-CN']?.trim() && !t.en?.trim());
}

/**
 * The rules of exercises/passoff Rubric.Validate, for feedback as the trainer
 * types; empty when the rubric can be saved.
 */
export function rubricProblems(r: Rubric): RubricProblem[] {
  const out: RubricProblem[] = [];
  if (blank(r.name)) out.push({ key: 'rubric.problem.name' });
  const { min, max } = r.scale;
  if (!(Number.isInteger(min) && Number.isInteger(max)) || min < 0 || max > MAX_SCALE || min >= max) {
    out.push({ key: 'rubric.problem.scale', values: { max: MAX_SCALE } });
  }
  if (!(r.pass_percent > 0 && r.pass_percent <= 100)) out.push({ key: 'rubric.problem.pass' });
  if (r.criteria.length === 0) out.push({ key: 'rubric.problem.noCriteria' });
  if (r.criteria.length > MAX_CRITERIA) out.push({ key: 'rubric.problem.tooMany', values: { max: MAX_CRITERIA } });
  const ids = new Set<string>();
  const nLevels = max - min + 1;
  r.criteria.forEach((c: Criterion, i) => {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(c.id) || ids.has(c.id)) out.push({ key: 'rubric.problem.id', criterion: i });
    ids.add(c.id);
    if (blank(c.name)) out.push({ key: 'rubric.problem.criterionName', criterion: i });
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100) out.push({ key: 'rubric.problem.weight', criterion: i });
    if (c.anchors.length !== nLevels) out.push({ key: 'rubric.problem.anchorCount', criterion: i, values: { levels: nLevels } });
    c.anchors.forEach((a, l) => {
      if (blank(a)) out.push({ key: 'rubric.problem.anchor', criterion: i, level: min + l, values: { level: min + l } });
    });
    if (c.min_level != null && (c.min_level <= min || c.min_level > max)) {
      out.push({ key: 'rubric.problem.minLevel', criterion: i, values: { low: min, high: max } });
    }
  });
  const sum = weightSum(r);
  if (r.criteria.length > 0 && sum !== 100) out.push({ key: 'rubric.problem.weights', values: { sum } });
  return out;
}

export function weightSum(r: Rubric): number {
  return r.criteria.reduce((s, c) => s + (Number.isFinite(c.weight) ? c.weight : 0), 0);
}

/** Resizes every criterion's anchors to a new scale, keeping what was written. */
export function rescale(r: Rubric, min: number, max: number): Rubric {
  const n = Math.max(0, max - min + 1);
  return {
    ...r,
    scale: { min, max },
    criteria: r.criteria.map((c) => ({
      ...c,
      anchors: Array.from({ length: n }, (_, i) => c.anchors[i] ?? { 'zh-CN': '', en: '' }),
      min_level: c.min_level != null && (c.min_level <= min || c.min_level > max) ? null : c.min_level,
    })),
  };
}
