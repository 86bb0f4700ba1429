// The generic template kinds on a phone, in a real browser: the value-proof
// matrix (table, 1.4), the needs iceberg (canvas, 4.2), a quick poll (1.poll)
// and the private reflection (2.3), whose answer and commitment end up in
// the participant's action plan.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorkshop, joinOnPhone, LAPTOP, ops, person, PHONE, screenshot, signUp, skipReason, startServer } from './helpers.mjs';

const skip = skipReason();

describe('template kinds on the phone', { skip: skip || false }, () => {
  let server, trainer, phone, workshop;

  // Moves the agenda as the trainer, through the control board.
  const nowSet = (activity) => ops(trainer.page, workshop.id, 'trainer', [[workshop.control_board, { kind: 'now.set', activity }]]);

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
    const { page } = trainer;
    await signUp(page, server.token);
    workshop = await createWorkshop(page, { client_company: '华东电梯', groups: 1 });
    phone = await person(server.baseURL, PHONE);
    await joinOnPhone(phone.page, workshop.join_code, '王芳');
    await phone.page.getByRole('heading', { name: /为什么年初定的目标完不成/ }).waitFor();
  });

  after(async () => {
    for (const p of [phone, trainer]) await p?.close().catch(() => {});
    await server?.stop();
  });

  it('the value-proof matrix: typed cells, required cells marked, a vote', async () => {
    await nowSet('1.4');
    const p = phone.page;
    await p.getByRole('heading', { name: /我们能给客户带来的价值点有哪些/ }).waitFor();
    await p.getByRole('button', { name: '+ 添加一行' }).click();
    const row = p.locator('.pk-row').first();
    await row.getByText('缺 4 项必填').waitFor();
    await row.getByLabel(/价值点/).fill('故障 2 小时内到场');
    await row.getByLabel(/客户痛点/).fill('电梯停运引发业主投诉');
    await row.getByRole('button', { name: '案例' }).click();
    await row.getByRole('button', { name: '数据' }).click();
    await row.getByLabel(/证据强度/).fill('7');
    await row.getByLabel(/具体证据/).click();
    await row.getByText('请填写 1 到 5 之间的数。').waitFor();
    await row.getByLabel(/证据强度/).fill('4');
    await row.getByLabel(/具体证据/).fill('2025 年 312 次报修平均 96 分钟到场');
    await p.getByRole('heading', { name: /我们能给客户带来的价值点有哪些/ }).click();
    await row.getByText(/缺 \d 项必填/).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: '投一票' }).click();
    await row.locator('.pk-total[data-total="1"]').waitFor();
    await screenshot(p, 'kind-table-phone.png');
  });

  it('the needs iceberg: notes above and below the water line, zone counts', async () => {
    await nowSet('4.2');
    const p = phone.page;
    await p.getByRole('heading', { name: /关键目标行业的客户需求如何挖掘或引导/ }).waitFor();
    await p.getByText('水面之下').waitFor();
    await p.getByRole('button', { name: '在“风险顾虑”中添加' }).click();
    await p.getByLabel('内容').fill('担心换维保商后故障率上升');
    await p.getByRole('button', { name: '需求', exact: true }).click();
    await p.getByRole('button', { name: '保存' }).click();
    await p.locator('[data-zone="risks"] .pk-note', { hasText: '担心换维保商后故障率上升' }).waitFor();
    await p.locator('[data-zone="risks"]').getByText('1 / 至少 1 条').waitFor();
    await screenshot(p, 'kind-canvas-phone.png');
  });

  it('a quick poll with live counts', async () => {
    await nowSet('1.poll');
    const p = phone.page;
    await p.getByRole('radio', { name: /60%–80%/ }).click();
    await p.locator('[data-option="60-80"] .pk-option-count', { hasText: '1' }).waitFor();
    await p.getByRole('radio', { name: /超过 100%/ }).click();
    await p.locator('[data-option="gt100"] .pk-option-count', { hasText: '1' }).waitFor();
    await p.locator('[data-option="60-80"] .pk-option-count', { hasText: '0' }).waitFor();
  });

  it('the private reflection feeds the action plan', async () => {
    await nowSet('2.3');
    const p = phone.page;
    await p.getByText('只有你自己能看到这里的内容').waitFor();
    await p.getByLabel('对我最大的启发').fill('周会要看过程量，不只看签约额');
    await p.getByLabel('新的行动').fill('下周一用新的周会议程开会');
    await p.getByLabel('完成日期（可不填）').fill('2026-12-07');
    await p.getByRole('button', { name: '添加行动' }).click();
    await p.getByText('已保存').waitFor();
    await p.locator('.pk-action', { hasText: '下周一用新的周会议程开会' }).waitFor();
    await p.getByRole('link', { name: '我的行动计划' }).click();
    await p.getByText('周会要看过程量，不只看签约额').waitFor();
    await p.locator('.pt-actions li', { hasText: '下周一用新的周会议程开会' }).getByText(/完成日期 2026-12-07/).waitFor();
    await screenshot(p, 'action-plan-phone.png');
    assert.deepEqual(phone.problems, []);
  });
});
