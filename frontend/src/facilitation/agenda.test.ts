import { describe, expect, it } from 'vitest';
import type { ControlState, Curriculum } from '../protocol/messages.gen';
import { activityLabel, agendaSplit, currentBlock, timedAgenda } from './agenda';

const cur = {
  id: 'c',
  version: 1,
  title: { 'zh-CN': '课', en: 'C' },
  modules: [{ id: 'm1', number: 1, title: { 'zh-CN': '一', en: 'One' }, topics: [], activities: [{ id: '1.1', type: 'discussion', template: 'notes', question: { 'zh-CN': '问', en: 'Q' }, minutes: 20 }] }],
  agenda: {
    days: [
      { title: { 'zh-CN': '第一天', en: 'Day 1' }, start: '09:00', blocks: [{ id: 'b1', type: 'lecture', minutes: 15 }, { id: 'b2', type: 'activity', activity: '1.1' }, { id: 'b3', type: 'break', minutes: 60 }] },
      { title: { 'zh-CN': '第二天', en: 'Day 2' }, start: '13:30', blocks: [{ id: 'b4', type: 'sharing', minutes: 10 }] },
    ],
  },
} as unknown as Curriculum;

describe('agenda', () => {
  it('times the planned order', () => {
    const days = timedAgenda(cur, null);
    expect(days[0].map((b) => `${b.block.id}@${b.clock}+${b.minutes}`)).toEqual(['b1@09:00+15', 'b2@09:15+20', 'b3@09:35+60']);
    expect(days[1][0].clock).toBe('13:30');
    expect(agendaSplit(days)).toEqual({ lecture: 15, group: 30 });
  });
  it('follows the live order and the now marker', () => {
    const cs = { now: '1.1', open: {}, order: [['b2', 'b4'], ['b1', 'b3']], now_block: 'b1' } as unknown as ControlState;
    const days = timedAgenda(cur, cs);
    expect(days[0].map((b) => b.block.id)).toEqual(['b2', 'b4']);
    expect(days[1].map((b) => `${b.block.id}@${b.clock}`)).toEqual(['b1@13:30', 'b3@13:45']);
    expect(currentBlock(days, cs)?.block.id).toBe('b1');
    expect(currentBlock(days, { ...cs, now_block: undefined } as ControlState)?.block.id).toBe('b2');
  });
});

describe('activityLabel', () => {
  const numbered = { id: '1.1', title: { 'zh-CN': '', en: '' }, question: { 'zh-CN': '为什么?', en: 'Why?' } } as never;
  const extra = { id: '1.poll', title: { 'zh-CN': '快速投票', en: 'Quick poll' }, question: { 'zh-CN': '哪个?', en: 'Which?' } } as never;
  it('keeps the seed number of a numbered question', () => {
    expect(activityLabel(numbered, 'zh-CN')).toBe('1.1 为什么?');
    expect(activityLabel(numbered, 'en', 'question')).toBe('1.1 Why?');
  });
  it('hides an internal id', () => {
    expect(activityLabel(extra, 'zh-CN')).toBe('快速投票');
    expect(activityLabel(extra, 'en', 'question')).toBe('Which?');
  });
});
