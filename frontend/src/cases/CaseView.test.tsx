// Case Markdown is rendered inertly: no raw HTML element, no event handler,
// no javascript: URL ever reaches the DOM (quality.md X6), and teaching
// notes show only in the trainer's preview.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Case, PublicCase } from '../api/cases';
import { initTestI18n } from '../test/i18n-setup';
import { caseUrl } from './CaseMarkdown';
import { CaseView } from './CaseView';
import { predictCaseDraft } from './predict';

const XSS = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<a href="javascript:window.__pwned=3">click</a>',
  '[link](javascript:window.__pwned=4)',
  '![img](javascript:window.__pwned=5)',
  '<iframe src="https://example.com"></iframe>',
  '<div onclick="window.__pwned=6">div</div>',
  '| a | b |\n| --- | --- |\n| <b onmouseover="x()">c</b> | ![t](chart.png) |',
].join('\n\n');

function hostile(): Case {
  return {
    id: 'x',
    modules: [4],
    roleplay: false,
    updated: '2026-11-20T00:00:00Z',
    scope: 'own',
    editable: true,
    appendix: false,
    files: [{ name: 'chart.png', content_type: 'image/png', size: 10, url: '/api/cases/x/files/chart.png' }],
    'zh-CN': {
      title: '<script>alert(1)</script>标题',
      industry: '电梯维保',
      tags: ['<b>tag</b>'],
      summary: '<img src=x onerror=alert(1)>',
      background: XSS,
      situation: '',
      actions: '',
      results: '',
      exhibits: '![图](chart.png) [外链](https://example.com/a) [站内](/api/cases) [锚点](#x)',
      questions: '',
      takeaways: '',
      teaching_notes: '讲师秘密笔记',
    },
  };
}

beforeAll(async () => {
  await initTestI18n('zh-CN');
});
afterEach(cleanup);

describe('case rendering', () => {
  it('renders script and event-handler payloads as inert text', () => {
    const { container } = render(<CaseView c={hostile()} lang="zh-CN" showNotes />);
    expect(container.querySelector('script, iframe, [onerror], [onclick], [onmouseover]')).toBeNull();
    for (const el of container.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        expect(attr.startsWith('on'), `${el.tagName} has ${attr}`).toBe(false);
        expect(el.getAttribute(attr) ?? '').not.toMatch(/^\s*javascript:/i);
      }
    }
    // The payloads are visible as the text they are.
    expect(container.textContent).toContain('<script>window.__pwned = 1</script>');
    expect(container.textContent).toContain('<img src=x onerror="window.__pwned = 2">');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('<script>alert(1)</script>标题');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('resolves case files by name and keeps only safe links', () => {
    const { container } = render(<CaseView c={hostile()} lang="zh-CN" />);
    const imgs = [...container.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect(imgs).toEqual(['/api/cases/x/files/chart.png', '/api/cases/x/files/chart.png']);
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://example.com/a');
    expect(hrefs).toContain('#x');
    expect(hrefs).not.toContain('/api/cases');
    const external = [...container.querySelectorAll('a[href^="https:"]')];
    expect(external.every((a) => a.getAttribute('rel') === 'noopener noreferrer' && a.getAttribute('target') === '_blank')).toBe(true);
  });

  it('shows teaching notes only in the trainer preview', () => {
    const { container, rerender } = render(<CaseView c={hostile()} lang="zh-CN" />);
    expect(container.textContent).not.toContain('讲师秘密笔记');
    rerender(<CaseView c={hostile()} lang="zh-CN" showNotes />);
    expect(container.textContent).toContain('讲师秘密笔记');
    expect(screen.getByRole('region', { name: '教学笔记（讲师专用）' })).toBeTruthy();
    const pub: PublicCase = { ...hostile(), 'zh-CN': { ...hostile()['zh-CN']!, teaching_notes: undefined } as never };
    rerender(<CaseView c={pub} lang="zh-CN" showNotes />);
    expect(container.textContent).not.toContain('讲师秘密笔记');
  });

  it('falls back to the other language', () => {
    render(<CaseView c={hostile()} lang="en" />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('标题');
  });
});

describe('caseUrl', () => {
  const files = (n: string) => (n === 'a.png' ? '/api/cases/c/files/a.png' : undefined);
  it.each([
    ['a.png', '/api/cases/c/files/a.png'],
    ['missing.png', ''],
    ['https://example.com/x', 'https://example.com/x'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['#section', '#section'],
    ['javascript:alert(1)', ''],
    ['JavaScript:alert(1)', ''],
    ['data:text/html,<script>', ''],
    ['/api/cases', ''],
    ['../../etc/passwd', ''],
    ['//evil.example/x', ''],
  ])('%s → %s', (url, want) => {
    expect(caseUrl(url, files)).toBe(want);
  });
});

describe('predictCaseDraft', () => {
  const state = { prompts: [{ id: 'title' }, { id: 'situation' }], fields: { situation: { text: 'old', author: { id: 'a', name: 'A', kind: 'participant' }, seq: 3 } } };
  const actor = { kind: 'participant' as const, id: 'p', name: '王芳' };
  it('sets, clears and refuses like the server', () => {
    expect(predictCaseDraft(state as never, { kind: 'field.set', field: 'title', text: '  a \n b ' }, actor)).toEqual([
      { path: ['fields', 'title'], value: { text: 'a b', author: { id: 'p', name: '王芳', kind: 'participant' }, seq: 0 } },
    ]);
    expect(predictCaseDraft(state as never, { kind: 'field.set', field: 'situation', text: ' ' }, actor)).toEqual([{ path: ['fields', 'situation'], delete: true }]);
    expect(predictCaseDraft(state as never, { kind: 'field.set', field: 'title', text: '' }, actor)).toBeNull();
    expect(predictCaseDraft(state as never, { kind: 'field.set', field: 'budget', text: 'x' }, actor)).toBeNull();
    expect(predictCaseDraft(state as never, { kind: 'other' }, actor)).toBeNull();
  });
});
