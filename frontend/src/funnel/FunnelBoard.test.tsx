// The funnel board of 5.0 on a phone, wired to a real live client over a fake
// socket: the shared analysis reads right, findings are added, edited and
// deleted at once (optimistic) and settle on the server's answers, and the
// console's card and the prediction agree with the server's rules.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CompactBoard } from '../kinds/Compact';
import { useBoard } from '../live/hooks';
import { FakeSocket, me, opEvent } from '../live/testkit';
import { LiveClient } from '../live/transport';
import type { FunnelResult, FunnelStageResult, FunnelState } from '../protocol/messages.gen';
import { initTestI18n } from '../test/i18n-setup';
import FunnelBoard from './FunnelBoard';
import { predictFunnel } from './predict';

function stage(name: string, reached: number, conversion: number | null, extra: Partial<FunnelStageResult> = {}): FunnelStageResult {
  return {
    name,
    rows: 0,
    reached,
    conversion,
    from_start: null,
    open: 0,
    open_amount: 0,
    weighted: 0,
    lost_here: 0,
    probability: null,
    empirical_probability: null,
    closed_reached: 0,
    probability_used: null,
    avg_age_days: null,
    stuck: 0,
    ...extra,
  };
}

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function funnelResult(): FunnelResult {
  return {
    source: { name: 'opportunities.csv', format: 'csv', rows: 100 },
    mapping: {},
    matched: {},
    as_of: '2026-11-15',
    as_of_source: 'given',
    stage_order: 'case',
    conversion_source: 'history',
    limits: [{ code: 'open_not_converted', text: text('进行中的商机还没有走完。', 'Open deals have not finished.') }],
    warnings: [],
    opportunities: 100,
    won: 20,
    lost: 60,
    open: 20,
    win_rate: 0.25,
    win_rate_by_amount: 0.25,
    won_amount: 10_000_000,
    lost_amount: 30_000_000,
    pipeline: 12_000_000,
    avg_won_amount: 500_000,
    avg_cycle_days: 88.6,
    median_cycle_days: 80,
    weighted_pipeline: 3_400_000,
    target: null,
    velocity_per_day: 28_000,
    velocity: { opportunities: 20, avg_won_amount: 500_000, win_rate: 0.25, avg_cycle_days: 88.6, per_day: 28_000 },
    stages: [
      stage('初步接洽', 100, 0.7, { open: 5, lost_here: 25 }),
      stage('方案评估', 70, 0.4, { open: 10, stuck: 3, lost_here: 32 }),
      stage('合同谈判', 28, 0.71, { open: 5, lost_here: 3 }),
      stage('赢单', 20, null, { won: true }),
      stage('输单', 60, null, { lost: true }),
    ],
    biggest_leak: { from: '方案评估', to: '合同谈判', conversion: 0.4, lost: 42 },
    shape: {
      kind: 'bulge',
      title: text('中部鼓包（商机停滞）', 'A bulge in the middle (deals stuck)'),
      meaning: text('商机卡在中间阶段推不动。', 'Deals are stuck in a middle stage.'),
      findings: [{ kind: 'bulge', stage: '方案评估', title: text('方案评估积压', 'Solution review piles up'), evidence: text('10 个商机停在这里', '10 deals sit here'), meaning: text('', '') }],
      distribution: [5, 10, 5],
    },
    stuck: Array.from({ length: 7 }, (_, i) => ({
      row: i + 2,
      id: `OPP-${i + 1}`,
      owner: '王磊',
      stage: '方案评估',
      amount: 400_000,
      since: '2026-01-01',
      basis: 'entered',
      days: 90 - i,
      max_days: 30,
      days_over: 60 - i,
    })),
    stuck_total: 7,
    owners: [],
    periods: [],
    dates: [],
    missing_amounts: 0,
    unknown_stages: [],
    bad_rows: [],
    bad_rows_total: 0,
    skipped_rows: 0,
    bad_row_reasons: [],
  };
}

function loaded(): FunnelState {
  return {
    dataset: { source: 'sample', name: '销售数据分析（案例样本）', loaded_by: { id: 'T1', name: '李老师', kind: 'trainer' }, seq: 1 },
    result: funnelResult(),
    findings: {},
  };
}

let socket: FakeSocket;
let client: LiveClient;

function Board({ readOnly = false }: { readOnly?: boolean }) {
  const view = useBoard(client, 'B');
  if (!view.state) return null;
  return <FunnelBoard client={client} view={view} readOnly={readOnly} />;
}

function serve(state: FunnelState = loaded(), seq = 1) {
  act(() => {
    socket.receive({ type: 'snapshot', board: 'B', kind: 'funnel', activity: '5.0', group: 'G1', seq, state: state as unknown as Record<string, unknown> });
    socket.receive({ type: 'subscribed', board: 'B', seq });
  });
}

beforeAll(async () => {
  await initTestI18n('zh-CN');
});

beforeEach(() => {
  client = new LiveClient({ workshop: 'W', as: 'participant', origin: 'ws://test', socketFactory: (url) => (socket = new FakeSocket(url)) });
  client.start();
  socket.open();
  socket.receive({ type: 'welcome', protocol: 1, conn: 'C1', workshop: 'W', you: me, server_time: new Date().toISOString(), limits: { max_frame_bytes: 65536, ops_per_second: 20, ops_burst: 40, max_boards: 100 } });
});

afterEach(() => {
  cleanup();
  client.stop();
});

describe('FunnelBoard', () => {
  it('shows the shared analysis: key numbers, conversion by stage, the leak, the shape and stuck deals', () => {
    render(<Board />);
    serve();
    expect(screen.getByText('销售数据分析（案例样本）')).toBeTruthy();
    expect(screen.getByRole('button', { name: '我们的发现（0）↓' })).toBeTruthy();
    expect(document.querySelector('[data-stat="opportunities"]')?.textContent).toBe('100');
    expect(document.querySelector('[data-stat="win_rate"]')?.textContent).toBe('25.0%');
    expect(document.querySelector('[data-stat="cycle"]')?.textContent).toBe('89 天');
    expect(document.querySelector('[data-stat="weighted"]')?.textContent).toBe('340万');
    // Won is the funnel's last bar; the leak's step is marked.
    const stages = [...document.querySelectorAll('.fb-stage')].map((li) => li.getAttribute('data-stage'));
    expect(stages).toEqual(['初步接洽', '方案评估', '合同谈判', '赢单']);
    const leakStep = document.querySelector('.fb-step.is-leak')!;
    expect(leakStep.textContent).toContain('转化 40.0%');
    expect(leakStep.closest('.fb-stage')?.getAttribute('data-stage')).toBe('方案评估');
    expect(screen.getByText('方案评估 → 合同谈判')).toBeTruthy();
    expect(screen.getByText('中部鼓包（商机停滞）')).toBeTruthy();
    expect(screen.getByText('方案评估积压：10 个商机停在这里')).toBeTruthy();
    // Five stuck deals, then all seven on request.
    expect(document.querySelectorAll('.fb-stuck li')).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: '再显示 2 个' }));
    expect(document.querySelectorAll('.fb-stuck li')).toHaveLength(7);
  });

  it('says the data is not loaded yet, and still takes findings', () => {
    render(<Board />);
    serve({ dataset: null, result: null, findings: {} }, 0);
    expect(screen.getByText('等待讲师载入数据')).toBeTruthy();
    expect(screen.getByRole('button', { name: '添加发现' })).toBeTruthy();
  });

  it('adds a finding at once, sends it, and settles on the server answer', () => {
    render(<Board />);
    serve();
    fireEvent.click(within(document.querySelector('.fb-leak') as HTMLElement).getByRole('button', { name: '记下发现' }));
    expect(screen.getByRole('button', { name: '最大漏点', pressed: true })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '停滞商机' }));
    fireEvent.change(screen.getByLabelText('发现的内容'), { target: { value: '  方案评估积压，先过金额最大的 10 个  ' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    const [op] = socket.ofType('op');
    expect(op.op).toMatchObject({ kind: 'finding.add', topic: 'stuck', text: '方案评估积压，先过金额最大的 10 个' });
    const id = op.op.id as string;
    const li = document.querySelector(`[data-finding="${id}"]`)!;
    expect(li.className).toContain('is-pending');
    expect(li.textContent).toContain('停滞商机');
    act(() => {
      socket.receive(
        opEvent('B', 2, op.id, [{ path: ['findings', id], value: { id, topic: 'stuck', text: '方案评估积压，先过金额最大的 10 个', author: { id: me.id, name: me.name, kind: me.kind }, seq: 2 } }], me),
      );
      socket.receive({ type: 'ack', board: 'B', id: op.id, seq: 2 });
    });
    expect(document.querySelector(`[data-finding="${id}"]`)!.className).not.toContain('is-pending');
    expect(screen.getByRole('heading', { name: '我们的发现（1）' })).toBeTruthy();
  });

  it('edits and deletes a finding (delete asks first); a refusal rolls back', () => {
    const s = loaded();
    s.findings.f1 = { id: 'f1', topic: 'leak', text: '旧的发现', author: { id: 'P2', name: '李雷', kind: 'participant' }, seq: 1 };
    render(<Board />);
    serve(s);
    fireEvent.click(screen.getByRole('button', { name: '编辑发现：旧的发现' }));
    expect(socket.ofType('presence').at(-1)).toEqual({ type: 'presence', board: 'B', editing: 'f1' });
    fireEvent.change(screen.getByLabelText('发现的内容'), { target: { value: '新的发现' } });
    fireEvent.click(screen.getByRole('button', { name: '改进行动' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(socket.ofType('op').at(-1)?.op).toEqual({ kind: 'finding.edit', id: 'f1', topic: 'action', text: '新的发现' });
    expect(screen.getByText('新的发现')).toBeTruthy();
    const edit = socket.ofType('op').at(-1)!;
    act(() => socket.receive({ type: 'error', code: 'locked', message: 'locked', board: 'B', id: edit.id }));
    expect(screen.getByText('旧的发现')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '编辑发现：旧的发现' }));
    fireEvent.click(screen.getByRole('button', { name: '删除' }));
    expect(socket.ofType('op').at(-1)?.op.kind).toBe('finding.edit'); // nothing sent yet
    fireEvent.click(screen.getByRole('button', { name: '确认删除' }));
    expect(socket.ofType('op').at(-1)?.op).toEqual({ kind: 'finding.delete', id: 'f1' });
    expect(screen.queryByText('旧的发现')).toBeNull();
  });

  it('refuses an empty or too long finding before sending it', () => {
    render(<Board />);
    serve();
    fireEvent.click(screen.getByRole('button', { name: '添加发现' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(screen.getByText('请写下发现。')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('发现的内容'), { target: { value: '长'.repeat(501) } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(screen.getByText('最多 500 个字。')).toBeTruthy();
    expect(socket.ofType('op')).toHaveLength(0);
  });

  it('is read-only while the activity is closed or locked', () => {
    const s = loaded();
    s.findings.f1 = { id: 'f1', topic: 'leak', text: '只读的发现', author: { id: 'P2', name: '李雷', kind: 'participant' }, seq: 1 };
    render(<Board readOnly />);
    serve(s);
    expect(screen.getByText('只读的发现')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '添加发现' })).toBeNull();
    expect(screen.queryByRole('button', { name: '记下发现' })).toBeNull();
    expect(screen.queryByRole('button', { name: /编辑发现/ })).toBeNull();
  });
});

describe('the console card of a funnel board', () => {
  it('shows the data set, the headline numbers, the leak and the findings', () => {
    const s = loaded();
    s.findings.f1 = { id: 'f1', topic: 'stuck', text: '方案评估积压', author: { id: 'P2', name: '李雷', kind: 'participant' }, seq: 3 };
    render(<CompactBoard kind="funnel" state={s} />);
    expect(screen.getByText('100 个商机 · 赢率 25.0% · 加权管道 340万')).toBeTruthy();
    expect(screen.getByText('最大漏点：方案评估 → 合同谈判（40.0%）')).toBeTruthy();
    expect(document.querySelector('[data-finding="f1"]')?.textContent).toBe('停滞商机 方案评估积压');
  });

  it('says when no data is loaded', () => {
    render(<CompactBoard kind="funnel" state={{ dataset: null, result: null, findings: {} }} />);
    expect(screen.getByText('尚未载入数据')).toBeTruthy();
    expect(screen.getByText('还没有发现')).toBeTruthy();
  });
});

describe('predictFunnel', () => {
  const actor = { id: 'P1', name: '王芳', kind: 'participant' as const };
  const base = () => {
    const s = loaded();
    s.findings.f1 = { id: 'f1', topic: 'leak', text: 'x', author: actor, seq: 1 };
    return s as unknown as Record<string, unknown>;
  };
  it.each([
    ['add', { kind: 'finding.add', id: 'f2', topic: 'data', text: ' 阶段名称不统一 ' }, [{ path: ['findings', 'f2'], value: { id: 'f2', topic: 'data', text: '阶段名称不统一', author: actor, seq: 0 } }]],
    ['add a taken id', { kind: 'finding.add', id: 'f1', topic: 'data', text: 'y' }, null],
    ['add an unknown topic', { kind: 'finding.add', id: 'f2', topic: 'weather', text: 'y' }, null],
    ['add an empty text', { kind: 'finding.add', id: 'f2', topic: 'data', text: '  ' }, null],
    ['add a text too long', { kind: 'finding.add', id: 'f2', topic: 'data', text: '长'.repeat(501) }, null],
    ['edit the topic', { kind: 'finding.edit', id: 'f1', topic: 'shape' }, [{ path: ['findings', 'f1'], value: { id: 'f1', topic: 'shape', text: 'x', author: actor, seq: 1 } }]],
    ['edit a missing finding', { kind: 'finding.edit', id: 'f9', text: 'y' }, null],
    ['edit to an empty text', { kind: 'finding.edit', id: 'f1', text: ' ' }, null],
    ['delete', { kind: 'finding.delete', id: 'f1' }, [{ path: ['findings', 'f1'], delete: true }]],
    ['delete a missing finding', { kind: 'finding.delete', id: 'f9' }, null],
    ['load (the trainer\'s, never predicted)', { kind: 'funnel.load' }, null],
  ])('%s', (_name, op, want) => {
    expect(predictFunnel(base(), op as { kind: string }, actor)).toEqual(want);
  });
});
