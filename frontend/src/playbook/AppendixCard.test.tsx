// The converge screen's appendix card: every flagged case linked to its case
// page, marked as coming with the next version or already published, and the
// cases the next version drops.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { initTestI18n } from '../test/i18n-setup';
import { AppendixCard } from './AppendixCard';
import type { AppendixCase, PlaybookDoc, PlaybookVersion } from './types';

const text = (title: string) => ({ title, industry: '物业服务', summary: `${title}的摘要`, background: '', situation: '', actions: '', results: '', lessons: '' });
const kept: AppendixCase = { id: '01jgkept', 'zh-CN': text('三个月拿下星河科创园'), en: text('Winning Xinghe in three months') };
const fresh: AppendixCase = { id: '01jgfresh', en: text('A case in English only') };
const gone: AppendixCase = { id: '01jggone', 'zh-CN': text('已取消的案例') };

beforeAll(async () => {
  await initTestI18n('zh-CN');
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(cases: AppendixCase[], latest?: number) {
  return render(
    <MemoryRouter>
      <AppendixCard workshopId="w1" cases={cases} latest={latest} />
    </MemoryRouter>,
  );
}

describe('the appendix card', () => {
  it('links every case and says it goes out with the first version', () => {
    const spy = vi.spyOn(api, 'playbookVersion');
    show([kept, fresh]);
    expect(screen.getByText('手册附录：客户案例（2）')).toBeTruthy();
    const link = screen.getByRole('link', { name: '打开案例“三个月拿下星河科创园”' });
    expect(link.getAttribute('href')).toBe('/cases/01jgkept');
    // A case without Chinese text shows its English title.
    expect(screen.getByRole('link', { name: '打开案例“A case in English only”' }).getAttribute('href')).toBe('/cases/01jgfresh');
    expect(screen.getAllByText('随下一版发布')).toHaveLength(2);
    expect(screen.getAllByText('English')).toHaveLength(2);
    expect(screen.getAllByText('中文')).toHaveLength(1);
    expect(spy).not.toHaveBeenCalled();
  });

  it('tells published cases from new ones and lists the dropped', async () => {
    vi.spyOn(api, 'playbookVersion').mockResolvedValue({
      version: { version: 2 } as PlaybookVersion,
      document: { title: 't', version: 2, appendix: [kept, gone] } as PlaybookDoc,
    });
    const { container } = show([kept, fresh], 2);
    await screen.findByText('已在第 2 版');
    expect(container.querySelector('[data-case="01jgkept"]')!.textContent).toContain('已在第 2 版');
    expect(container.querySelector('[data-case="01jgfresh"]')!.textContent).toContain('随下一版发布');
    const dropped = container.querySelector('[data-case="01jggone"]')!;
    expect(dropped.className).toContain('is-dropped');
    expect(dropped.textContent).toContain('下一版将移除');
    expect(api.playbookVersion).toHaveBeenCalledWith('w1', 2);
  });

  it('says how to add a case when there is none', async () => {
    show([]);
    await waitFor(() => expect(screen.getByText(/还没有放入附录的案例/)).toBeTruthy());
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });
});
