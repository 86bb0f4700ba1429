// The foundation's whole path in real browsers: first-run setup, sign-in,
// a workshop, two phones in one group editing and voting live, the trainer's
// console and projector following along, and a reload that keeps everything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LAPTOP, person, PHONE, screenshot, signUp, skipReason, startServer, TRAINER } from './helpers.mjs';

const skip = skipReason();
const NOTE = '目标拍脑袋定的\uff0c没有数据支撑';
// Content of the built-in curriculum (matched loosely: its punctuation is the curriculum's own).
const Q11 = /为什么年初定的目标完不成/;
const Q12 = /公司的销售总目标怎么定/;
const OFFLINE_NOTE = '考核指标与目标脱节';
const CLOSED_NOTE = '新人没有带教，离线写完就关了页面';
const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';

describe('workshop foundation in the browser', { skip: skip || false }, () => {
  let server, trainer, phoneA, phoneB;
  let workshopURL = '';
  let joinCode = '';

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
  });

  after(async () => {
    for (const p of [phoneA, phoneB, trainer]) await p?.close().catch(() => {});
    await server?.stop();
  });

  it('first-run setup with the token from the server console signs the trainer in', async () => {
    const { page } = trainer;
    assert.ok(server.token, 'the server printed a setup link');
    await signUp(page, server.token);
    assert.match(page.url(), /\/workshops$/);
  });

  it('signs out and in again', async () => {
    const { page } = trainer;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '讲师登录' }).waitFor();
    await screenshot(page, 'login.png');
    await page.getByLabel('邮箱').fill(TRAINER.email);
    await page.getByLabel('密码').fill('wrong password!');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('邮箱或密码不正确。').waitFor();
    await page.getByLabel('密码').fill(TRAINER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '我的工作坊' }).waitFor();
  });

  it('creates a workshop and opens its console', async () => {
    const { page } = trainer;
    await page.getByRole('button', { name: '新建工作坊' }).click();
    await page.getByLabel('工作坊名称').fill('销售过程管理工作坊');
    await page.getByLabel('客户公司').fill('华东电梯服务有限公司');
    await page.getByLabel('行业').fill('电梯维保');
    await page.getByLabel('小组数量').fill('');
    await page.getByText('小组数量为 1–20 之间的整数。').waitFor();
    await page.getByLabel('小组数量').fill('6');
    await page.getByText('小组数量为 1–20 之间的整数。').waitFor({ state: 'detached' });
    await screenshot(page, 'workshop-form.png');
    await page.getByRole('button', { name: '创建工作坊' }).click();
    await page.locator('.pc-join-code').waitFor();
    workshopURL = new URL(page.url()).pathname;
    assert.match(workshopURL, /^\/workshops\/[0-9A-Z]+$/);
    joinCode = (await page.locator('.pc-join-code').innerText()).replace(/[^A-Z0-9]/g, '');
    assert.equal(joinCode.length, 8);
    await page.getByText(Q11).first().waitFor();
    await page.locator('.pc-group-card').nth(5).waitFor();
  });

  it('lists the workshop with its join code', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: '返回工作坊列表' }).click();
    await page.getByRole('cell', { name: `${joinCode.slice(0, 4)}-${joinCode.slice(4)}` }).waitFor();
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await page.mouse.move(700, 600);
    await screenshot(page, 'workshops.png');
    await page.getByRole('link', { name: '销售过程管理工作坊' }).click();
    await page.locator('.pc-group-card').nth(5).waitFor();
  });

  it('two phones join the same group by code', async () => {
    phoneA = await person(server.baseURL, PHONE);
    phoneB = await person(server.baseURL, PHONE);
    // One types the code, the other opens the link from the QR code.
    await phoneA.page.goto('/j');
    await phoneA.page.getByLabel('加入码').fill(`${joinCode.slice(0, 4).toLowerCase()}-${joinCode.slice(4)}`);
    await phoneA.page.getByRole('button', { name: '继续' }).click();
    await phoneA.page.getByRole('heading', { name: '销售过程管理工作坊' }).waitFor();
    await screenshot(phoneA.page, 'join-phone.png');
    await phoneB.page.goto(`/j/${joinCode}`);
    for (const [p, name] of [
      [phoneA.page, '王芳'],
      [phoneB.page, '张伟'],
    ]) {
      await p.getByLabel('你的名字').fill(name);
      await p.locator('.pp-group-option', { hasText: '第1组' }).click();
      await p.getByRole('button', { name: '加入', exact: true }).click();
      await p.getByRole('heading', { name: Q11 }).waitFor();
      await p.locator('.pp-topbar-group', { hasText: '第1组' }).waitFor();
    }
  });

  it('a note added on one phone appears on the other and on the console, live', async () => {
    const a = phoneA.page;
    await a.getByRole('button', { name: '在“目标制定”中添加便签' }).click();
    await a.getByLabel('内容').fill(NOTE);
    await a.getByRole('button', { name: '保存' }).click();
    await a.locator('.pn-note:not(.is-pending)', { hasText: NOTE }).waitFor();
    await phoneB.page.locator('.pn-note', { hasText: NOTE }).waitFor();
    await trainer.page.locator('.pc-group-card', { hasText: '第1组' }).locator('li', { hasText: NOTE }).waitFor();
  });

  it('a vote updates the totals on both phones and on the console', async () => {
    const b = phoneB.page;
    await b.locator('.pn-note', { hasText: NOTE }).getByRole('button', { name: '投一票' }).click();
    for (const p of [phoneA.page, phoneB.page]) {
      await p.locator('.pn-note', { hasText: NOTE }).locator('.pn-total[data-total="1"]').waitFor();
    }
    await trainer.page.locator('.pc-group-card', { hasText: '第1组' }).locator('li', { hasText: NOTE }).locator('.pc-note-votes[data-total="1"]').waitFor();
    await b.getByText('还剩 2 票\uff08共 3 票\uff09').waitFor();
    await b.locator('.pn-note.is-top', { hasText: NOTE }).waitFor();
  });

  it('user text is shown as text, never run', async () => {
    const a = phoneA.page;
    await a.getByRole('button', { name: '在“过程管控”中添加便签' }).click();
    await a.getByLabel('内容').fill(XSS);
    await a.getByRole('button', { name: '保存' }).click();
    await phoneB.page.locator('.pn-note', { hasText: '<script>alert(2)</script>' }).waitFor();
    await trainer.page.locator('.pc-group-card li', { hasText: '<img src=x' }).waitFor();
  });

  it('edits made while the server is down are queued, then delivered once', async () => {
    const a = phoneA.page;
    await server.halt();
    await a.locator('.pb-conn-banner').waitFor();
    await a.getByRole('button', { name: '在“目标分解”中添加便签' }).click();
    await a.getByLabel('内容').fill(OFFLINE_NOTE);
    await a.getByRole('button', { name: '保存' }).click();
    await a.locator('.pn-note.is-pending', { hasText: OFFLINE_NOTE }).waitFor();
    await a.locator('.pb-conn-banner', { hasText: /1 条修改待发送/ }).waitFor();
    await screenshot(a, 'participant-offline.png');
    await server.restart();
    await a.locator('.pn-note:not(.is-pending)', { hasText: OFFLINE_NOTE }).waitFor({ timeout: 30_000 });
    await a.locator('.pb-conn-banner').waitFor({ state: 'detached' });
    await phoneB.page.locator('.pn-note', { hasText: OFFLINE_NOTE }).waitFor({ timeout: 30_000 });
    await trainer.page.locator('.pc-group-card', { hasText: '第1组' }).locator('li', { hasText: OFFLINE_NOTE }).waitFor({ timeout: 30_000 });
    // Exactly once, everywhere.
    for (const p of [a, phoneB.page]) assert.equal(await p.locator('.pn-note', { hasText: OFFLINE_NOTE }).count(), 1);
  });

  it('an edit made offline survives the page being closed before the network returns', async () => {
    let a = phoneA.page;
    const url = a.url();
    await server.halt();
    await a.locator('.pb-conn-banner').waitFor();
    await a.getByRole('button', { name: '在“过程管控”中添加便签' }).click();
    await a.getByLabel('内容').fill(CLOSED_NOTE);
    await a.getByRole('button', { name: '保存' }).click();
    await a.locator('.pn-note.is-pending', { hasText: CLOSED_NOTE }).waitFor();
    // The phone discards the tab while the venue Wi-Fi is down.
    await a.close();
    await server.restart();
    a = await phoneA.newPage();
    phoneA.page = a;
    await a.goto(url);
    await a.locator('.pn-note:not(.is-pending)', { hasText: CLOSED_NOTE }).waitFor({ timeout: 30_000 });
    await phoneB.page.locator('.pn-note', { hasText: CLOSED_NOTE }).waitFor({ timeout: 30_000 });
    await trainer.page.locator('.pc-group-card', { hasText: '第1组' }).locator('li', { hasText: CLOSED_NOTE }).waitFor({ timeout: 30_000 });
    for (const p of [a, phoneB.page]) assert.equal(await p.locator('.pn-note', { hasText: CLOSED_NOTE }).count(), 1);
    // Acknowledged, so nothing is left to re-send.
    assert.equal(await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('playbook.outbox.')).length), 0);
  });

  it('reloading a phone restores the same participant and group', async () => {
    const a = phoneA.page;
    const wid = new URL(a.url()).pathname.split('/').pop();
    const me = () => a.evaluate((id) => fetch(`/api/p/${id}`).then((r) => r.json()), wid);
    const before = await me();
    await a.reload();
    await a.locator('.pn-note', { hasText: NOTE }).waitFor();
    await a.locator('.pp-topbar-group', { hasText: '第1组' }).waitFor();
    const after = await me();
    assert.equal(after.participant.id, before.participant.id);
    assert.equal(after.participant.group_id, before.participant.group_id);
    // Opening the join link again on this device goes straight back to the board.
    await a.goto(`/j/${joinCode}`);
    await a.waitForURL(`**/w/${wid}`);
    await a.locator('.pn-note', { hasText: NOTE }).waitFor();
    await screenshot(phoneB.page, 'participant-board.png');
  });

  it('the projector shows how to join and the current activity', async () => {
    const p = await trainer.newPage();
    await p.setViewportSize({ width: 1920, height: 1080 });
    await p.goto(`${workshopURL}/projector`);
    await p.getByRole('heading', { name: Q11 }).waitFor();
    await p.getByText(`${joinCode.slice(0, 4)}-${joinCode.slice(4)}`).waitFor();
    await p.waitForFunction(() => {
      const img = document.querySelector('img.pj-qr');
      return img && img.complete && img.naturalWidth > 0;
    });
    await screenshot(p, 'projector.png');
    // It follows the agenda live.
    await trainer.page.bringToFront();
    await trainer.page.getByRole('button', { name: '下一项' }).click();
    await p.getByRole('heading', { name: Q12 }).waitFor();
    await phoneA.page.getByRole('heading', { name: Q12 }).waitFor();
    await phoneA.page.getByRole('heading', { name: '年度目标（3定）' }).waitFor(); // the targets board (src/playbook)
    await trainer.page.getByText('此环节的模板将在后续版本中提供。').first().waitFor();
    await trainer.page.getByRole('button', { name: '上一项' }).click();
    await phoneA.page.locator('.pn-note', { hasText: NOTE }).waitFor();
    await trainer.page.locator('.pc-group-card', { hasText: '第1组' }).locator('li', { hasText: NOTE }).waitFor();
    await trainer.page.mouse.move(0, 0);
    await screenshot(trainer.page, 'console.png');
    await p.close();
  });

  it('closing the activity shows a calm waiting state; opening it again resumes', async () => {
    const t = trainer.page;
    const a = phoneA.page;
    await t.getByRole('button', { name: '关闭本环节' }).click();
    await t.locator('.ant-modal').getByRole('button', { name: '关闭本环节' }).click();
    await a.getByText(/讲师尚未开放本环节/).waitFor();
    await a.locator('.pn-note', { hasText: NOTE }).waitFor();
    assert.equal(await a.getByRole('button', { name: '投一票' }).count(), 0, 'the board is read-only while closed');
    await screenshot(a, 'participant-waiting.png');
    await t.getByRole('button', { name: '向所有小组开放' }).click();
    await a.getByRole('button', { name: '投一票' }).first().waitFor();
    assert.equal(await a.getByText(/讲师尚未开放本环节/).count(), 0);
  });

  it('the language switch changes the whole phone screen and is remembered', async () => {
    const b = phoneB.page;
    await b.getByRole('button', { name: '切换到英文界面' }).click();
    await b.getByText('Hints (3)').waitFor();
    await b.getByRole('heading', { name: 'Why are the targets set at the start of the year not met?' }).waitFor();
    await b.getByRole('heading', { name: /Setting the target/ }).waitFor();
    await b.reload();
    await b.getByText('Hints (3)').waitFor();
    await screenshot(b, 'participant-board-en.png');
    await b.getByRole('button', { name: 'Switch to Chinese' }).click();
    await b.getByText(/提示/).first().waitFor();
  });

  it('the console switches to English, antd components included', async () => {
    const t = trainer.page;
    await t.getByRole('button', { name: '切换到英文界面' }).click();
    await t.getByRole('button', { name: 'Close this activity' }).waitFor();
    await t.getByText('Module 1 · Key-account sales targets: setting and breakdown', { exact: false }).first().waitFor();
    await t.mouse.move(0, 0);
    await screenshot(t, 'console-en.png');
    await t.getByRole('button', { name: 'Switch to Chinese' }).click();
    await t.getByRole('button', { name: '关闭本环节' }).waitFor();
  });

  it('renames a group from its card, with the keyboard', async () => {
    const t = trainer.page;
    await t.getByRole('button', { name: '重命名第3组' }).click();
    const input = t.getByLabel(/小组名称/);
    await input.fill('华东大区');
    await input.press('Enter');
    await t.locator('.pc-group-card', { hasText: '华东大区' }).waitFor();
    assert.equal(await t.locator('.pc-group-card', { hasText: '第3组' }).count(), 0);
  });

  it('moving a participant to another group reloads their phone into it', async () => {
    const t = trainer.page;
    await t.getByRole('tab', { name: /学员名单/ }).click();
    const row = t.locator('.ant-table-row', { hasText: '张伟' });
    await row.locator('.ant-select').click();
    await t.locator('.ant-select-item-option', { hasText: '第2组' }).click();
    await phoneB.page.locator('.pp-topbar-group', { hasText: '第2组' }).waitFor();
    // The new group's board is empty; the old group's note is not there.
    await phoneB.page.getByRole('heading', { name: Q11 }).waitFor();
    assert.equal(await phoneB.page.locator('.pn-note', { hasText: NOTE }).count(), 0);
    await t.getByRole('tab', { name: /小组看板/ }).click();
    await t.locator('.pc-group-card', { hasText: '第2组' }).locator('.pb-avatar', { hasText: '张伟' }).waitFor();
  });

  it('nothing broke the content security policy or ran a script', () => {
    for (const who of [trainer, phoneA, phoneB]) assert.deepEqual(who.problems, []);
  });
});
