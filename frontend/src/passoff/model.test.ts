import { describe, expect, it } from 'vitest';
import type { Rubric, SheetState } from '../protocol/messages.gen';
import { clock, missingCriteria, rescale, rubricProblems, secondsLeft, sheetMode, weightSum } from './model';

const anchors = (n: number) => Array.from({ length: n }, (_, i) => ({ 'zh-CN': `第${i + 1}档`, en: `level ${i + 1}` }));

function rubric(weights: number[]): Rubric {
  return {
    name: { 'zh-CN': '电话邀约', en: 'Phone call' },
    scale: { min: 1, max: 5 },
    pass_percent: 70,
    criteria: weights.map((w, i) => ({ id: `c${i}`, name: { 'zh-CN': `项${i}`, en: `C${i}` }, weight: w, anchors: anchors(5), min_level: null })),
  };
}

describe('rubric checks as you type (mirroring the server)', () => {
  it('accepts weights that add up to 100 and refuses the rest', () => {
    expect(rubricProblems(rubric([60, 40]))).toEqual([]);
    expect(weightSum(rubric([60, 35]))).toBe(95);
    expect(rubricProblems(rubric([60, 35]))).toEqual([{ key: 'rubric.problem.weights', values: { sum: 95 } }]);
  });
  it('names a missing anchor, a bad must-pass level and a bad scale', () => {
    const r = rubric([50, 50]);
    r.criteria[1].anchors[2] = { 'zh-CN': '', en: ' ' };
    r.criteria[0].min_level = 1;
    const keys = rubricProblems(r).map((p) => `${p.key}@${p.criterion ?? ''}`);
    expect(keys).toContain('rubric.problem.anchor@1');
    expect(keys).toContain('rubric.problem.minLevel@0');
    expect(rubricProblems({ ...rubric([100]), scale: { min: 3, max: 3 } }).some((p) => p.key === 'rubric.problem.scale')).toBe(true);
  });
  it('rescaling keeps written anchors and adds empty ones', () => {
    const r = rescale(rubric([100]), 1, 7);
    expect(r.criteria[0].anchors).toHaveLength(7);
    expect(r.criteria[0].anchors[0]['zh-CN']).toBe('第1档');
    expect(rubricProblems(r).some((p) => p.key === 'rubric.problem.anchor')).toBe(true);
  });
});

describe('the judge sheet and the timer', () => {
  const sheet = (over: Partial<SheetState>): SheetState => ({
    owner: { id: 'p1', kind: 'participant', name: '王芳' },
    judge: true,
    scale: { min: 1, max: 5 },
    criteria: ['a', 'b'],
    current: { attempt: 'a1', performer: '刘洋' },
    scores: {},
    submitted: false,
    ...over,
  });
  it('says what a judge sees', () => {
    expect(sheetMode(null)).toBe('not-judge');
    expect(sheetMode(sheet({ judge: false }))).toBe('not-judge');
    expect(sheetMode(sheet({ current: null }))).toBe('idle');
    expect(sheetMode(sheet({ current: { attempt: 'a1', performer: '王芳', self: true } }))).toBe('self');
    expect(sheetMode(sheet({}))).toBe('scoring');
    expect(sheetMode(sheet({ submitted: true }))).toBe('submitted');
    expect(sheetMode(sheet({ submitted: true, current: { attempt: 'a1', performer: '刘洋', revealed: true } }))).toBe('revealed');
    expect(missingCriteria(sheet({ scores: { a: 3 } }))).toEqual(['b']);
  });
  it('counts down to the deadline, never below zero', () => {
    const now = Date.parse('2026-12-02T06:00:00Z');
    expect(secondsLeft('2026-12-02T06:05:00Z', now)).toBe(300);
    expect(secondsLeft('2026-12-02T05:59:00Z', now)).toBe(0);
    expect(secondsLeft(undefined, now)).toBeNull();
    expect(clock(245)).toBe('4:05');
  });
});
