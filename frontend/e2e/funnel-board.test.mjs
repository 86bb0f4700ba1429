// Activity 5.0 in a real browser: the trainer loads the case's sample
// opportunities onto every group's funnel board with one click in the
// console; a participant's phone shows the funnel's numbers and the group
// adds a finding; the console's group card and the projector (the current
// activity, then the group spotlit) show the analysis and the finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkshop, joinOnPhone, LAPTOP, person, PHONE, screenshot, signUp, skipReason, startServer } from './helpers.mjs';

const skip = skipReason();
const Q50 = /基于销售漏斗，从销售机会转化为销售额的转化/;
const FINDING = '方案评估到合同谈判只转化 46%，报价前没有确认决策人';

describe('the funnel board of activity 5.0', { skip: skip || false }, () => {
  let server, trainer, phone, projector, workshop;

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
    const { page } = trainer;
    await signUp(page, server.token);
    workshop = await createWorkshop(page, { client_company: '华东智能楼宇' });
  });

  after(async () => {
    for (const p of [phone, trainer]) await p?.close().catch(() => {});
    await server?.stop();
  });

  it('the trainer moves the agenda to 5.0; the console offers the data, the phone waits for it', async () => {
    const t = trainer.page;
    await t.goto(`/workshops/${workshop.id}`);
    await t.locator('.pc-group-card').nth(1).waitFor();
    await t.getByRole('combobox', { name: '跳转到环节' }).click();
    await t.keyboard.type('5.0');
    await t.locator('.ant-select-item-option', { hasText: /^5\.0/ }).click();
    const loader = t.getByTestId('funnel-loader');
    await loader.getByText('还没有载入数据。').waitFor();

    phone = await person(server.baseURL, PHONE);
    const p = phone.page;
    await joinOnPhone(p, workshop.join_code, '王芳', '第1组');
    await p.getByRole('heading', { name: Q50 }).waitFor();
    await p.getByText('等待讲师载入数据').waitFor();

    projector = await trainer.newPage();
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await projector.goto(`/workshops/${workshop.id}/projector`);
    await projector.getByText('讲师载入数据后，这里显示漏斗分析。').waitFor();
  });

  it('one click loads the case sample onto every group; the phone shows the funnel numbers live', async () => {
    const t = trainer.page;
    await t.bringToFront();
    await t.getByRole('button', { name: '载入案例样本数据' }).click();
    await t.getByText('已载入 2 个小组的看板：销售数据分析（案例样本）').waitFor();
    await t.getByTestId('funnel-loader').getByText('当前数据：销售数据分析（案例样本） · 李老师 载入').waitFor();
    for (const g of ['第1组', '第2组']) {
      await t.locator('.pc-group-card', { hasText: g }).getByText('2,393 个商机 · 赢率 17.9% · 加权管道 5490万').waitFor();
    }

    const p = phone.page;
    await p.bringToFront();
    await p.locator('[data-stat="opportunities"]', { hasText: '2,393' }).waitFor();
    assert.equal(await p.locator('[data-stat="win_rate"]').innerText(), '17.9%');
    assert.deepEqual(await p.locator('.fb-stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage'))), [
      '初步接洽',
      '需求确认',
      '方案评估',
      '合同谈判',
      '赢单',
    ]);
    await p.locator('.fb-step.is-leak').waitFor();
    await p.getByText('方案评估 → 合同谈判').waitFor();
    await p.getByText('中部鼓包（商机停滞）', { exact: true }).waitFor();
    // The phone drew the funnel without a chart library.
    const scripts = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /echarts|EChart/i.test(n)));
    assert.deepEqual(scripts, []);
    await screenshot(p, 'funnel-board-phone.png');
  });

  it('the group adds a finding; the console and the projector show it', async () => {
    const p = phone.page;
    await p.locator('.fb-leak').getByRole('button', { name: '记下发现' }).click();
    await p.getByRole('button', { name: '最大漏点', pressed: true }).waitFor();
    await p.getByLabel('发现的内容').fill(FINDING);
    await screenshot(p, 'funnel-board-phone-sheet.png');
    await p.getByRole('button', { name: '保存' }).click();
    await p.locator('.fb-finding:not(.is-pending)', { hasText: FINDING }).waitFor();
    await p.getByRole('heading', { name: '我们的发现（1）' }).scrollIntoViewIfNeeded();
    await screenshot(p, 'funnel-board-phone-findings.png');

    const t = trainer.page;
    await t.bringToFront();
    const card = t.locator('.pc-group-card', { hasText: '第1组' });
    await card.locator('li', { hasText: FINDING }).waitFor();
    await card.getByText('1 项').waitFor({ timeout: 10_000 });
    await screenshot(t, 'funnel-board-console.png');

    await projector.bringToFront();
    await projector.waitForSelector('[data-testid="projector-funnel-chart"][data-ready="true"] canvas');
    await projector.locator('.pjf-groups li[data-findings="1"]', { hasText: '第1组' }).waitFor();
    assert.equal(await projector.locator('.pjf-stats [data-stat="opportunities"]').innerText(), '2,393');
    await projector.getByText(/方案评估 → 合同谈判：转化 46\.1%/).waitFor();
    await screenshot(projector, 'funnel-board-projector.png');
  });

  it("spotlit, group 1's findings are on the projector beside the funnel", async () => {
    const t = trainer.page;
    await t.bringToFront();
    await t.locator('.pc-group-card', { hasText: '第1组' }).getByRole('button', { name: '投屏', exact: true }).click();
    await projector.bringToFront();
    await projector.locator('.pj-spotlight', { hasText: '第1组' }).locator('.pjf-findings li', { hasText: FINDING }).waitFor();
    await projector.waitForSelector('[data-testid="projector-funnel-chart"][data-ready="true"] canvas');
    const box = await projector.getByTestId('projector-funnel-chart').boundingBox();
    assert.ok(box && box.width > 500 && box.height > 300, `projector funnel ${JSON.stringify(box)}`);
    await screenshot(projector, 'funnel-board-projector-spotlight.png');
    assert.deepEqual(phone.problems, []);
    assert.deepEqual(trainer.problems, []);
  });
});
