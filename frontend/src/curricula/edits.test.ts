import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Curriculum } from '../protocol/messages.gen';
import { addActivity, addModule, moveModule, nextActivityId, problemsAt, removeActivity, removeModule, type Template } from './edits';

// The built-in curriculum the server embeds.
const builtin = (): Curriculum => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../exercises/curriculum/builtin.json'), 'utf8'));
const blocks = (c: Curriculum) => c.agenda.days.flatMap((d) => d.blocks);
const stages: Template = { kind: 'stages', type: 'discussion', needs_preset: false };

describe('curriculum edits', () => {
  it('adds an activity with a free id and schedules it after its module', () => {
    const c = builtin();
    expect(nextActivityId(c, 0)).toBe('1.5');
    const id = addActivity(c, 0, stages);
    expect(id).toBe('1.5');
    const a = c.modules[0].activities.at(-1)!;
    expect(a).toMatchObject({ id: '1.5', template: 'stages', type: 'discussion', minutes: 15 });
    expect(a.config).toBeUndefined();
    const day1 = c.agenda.days[0].blocks;
    const at = day1.findIndex((b) => b.activity === '1.5');
    // After module 1's last block (b11, the sharing), before module 2's lecture.
    expect(day1[at - 1].id).toBe('b11');
    expect(day1[at + 1].module).toBe('m2');
    expect(new Set(blocks(c).map((b) => b.id)).size).toBe(blocks(c).length);
  });

  it('copies the preset configuration', () => {
    const c = builtin();
    const preset = { id: '1.1', title: { 'zh-CN': 'x', en: 'x' }, config: c.modules[0].activities[0].config };
    addActivity(c, 5, { kind: 'notes', type: 'discussion', needs_preset: false, presets: [preset] }, preset);
    const a = c.modules[5].activities.at(-1)!;
    expect(a.config).toEqual(preset.config);
    expect(a.config).not.toBe(preset.config);
  });

  it('removes an activity with its agenda block and toolkit links', () => {
    const c = builtin();
    const ai = c.modules[2].activities.findIndex((a) => a.id === '3.1');
    removeActivity(c, 2, ai);
    expect(c.modules[2].activities.map((a) => a.id)).not.toContain('3.1');
    expect(blocks(c).some((b) => b.activity === '3.1')).toBe(false);
    expect((c.toolkit ?? []).some((t) => t.activities?.includes('3.1'))).toBe(false);
  });

  it('adds, moves and removes modules, renumbering them', () => {
    const c = builtin();
    const mi = addModule(c);
    expect(c.modules[mi]).toMatchObject({ id: 'm7', number: 7, activities: [] });
    moveModule(c, mi, -1);
    expect(c.modules.map((m) => m.id).slice(-2)).toEqual(['m7', 'm6']);
    expect(c.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    moveModule(c, 0, -1); // the first stays first
    expect(c.modules[0].id).toBe('m1');
    removeModule(c, 3); // m4
    expect(c.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm5', 'm7', 'm6']);
    expect(c.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(blocks(c).some((b) => b.module === 'm4' || b.activity === '4.1' || b.activity === '4.2')).toBe(false);
    expect((c.toolkit ?? []).some((t) => t.module === 'm4' || t.activities?.some((a) => a.startsWith('4.')))).toBe(false);
  });

  it('finds the problems of a field and inside it', () => {
    const probs = [
      { path: 'modules[0].title.zh-CN', message: 'a' },
      { path: 'modules[0].titles', message: 'b' },
      { path: 'modules[0].activities[1].question', message: 'c' },
      { path: 'modules[10].title', message: 'd' },
    ];
    expect(problemsAt(probs, 'modules[0].title').map((p) => p.message)).toEqual(['a']);
    expect(problemsAt(probs, 'modules[0].activities[1]').map((p) => p.message)).toEqual(['c']);
    expect(problemsAt(probs, 'modules[1]')).toEqual([]);
  });
});
