// The case library in real browsers: the trainer searches 电梯, attaches the
// elevator case to activity 4.2 and shows it on the projector; a participant
// opens it on a phone — and the teaching notes are in neither the page nor
// any HTTP response or websocket frame the participant's browser received.
// Then a case full of script and event-handler payloads renders inertly, and
// a group's own case goes into the client's library and, flagged, into the
// published playbook's appendix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { api, createWorkshop, joinOnPhone, LAPTOP, person, PHONE, screenshot, signUp, skipReason, startServer } from './helpers.mjs';

const skip = skipReason();
const ELEVATOR = 'elevator-maintenance-iceberg';
const ELEVATOR_TITLE = '某电梯维保服务公司：一份“只比价格”的招标';
const Q42 = /关键目标行业的客户需求如何挖掘或引导/;
const MY_NOTES = '讲师专用-秘密笔记-E2E-9K';
const XSS_TITLE = '<img src=x onerror=alert(1)>注入测试<script>alert(2)</script>';
const XSS_BODY = [
  '<script>alert("script ran")</script>',
  '<img src=x onerror="alert(\'onerror ran\')">',
  '[点我](javascript:alert(3))',
  '<a href="javascript:alert(4)">链接</a>',
  '<div onmouseover="alert(5)">悬停</div>',
].join('\n\n');

/**
 * Distinctive pieces of a text (many, so a partial leak is caught too), minus
 * any piece that also occurs in what participants may legitimately receive.
 * Chinese pieces are 14 characters, English ones 32.
 */
function fragments(text, legit, size) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const out = [];
  const step = Math.max(size, Math.floor(flat.length / 16));
  for (let i = 0; i + size <= flat.length; i += step) {
    const f = flat.slice(i, i + size);
    if (!legit.includes(f)) out.push(f);
  }
  return out;
}

/** Records every HTTP response body and websocket frame a page receives. */
function recorder(page) {
  const seen = [];
  const pending = [];
  page.on('response', (res) => {
    pending.push(
      res
        .body()
        .then((b) => seen.push({ what: `${res.status()} ${res.url()}`, text: b.toString('utf8') }))
        .catch(() => {}),
    );
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => seen.push({ what: `ws ← ${ws.url()}`, text: String(f.payload) }));
    ws.on('framesent', (f) => seen.push({ what: `ws → ${ws.url()}`, text: String(f.payload) }));
  });
  return {
    async all() {
      await Promise.all(pending);
      return seen;
    },
  };
}

describe('case library in the browser', { skip: skip || false }, () => {
  let server, trainer, phone, projector;
  let workshop;
  let elevatorNotes = [];
  let phoneRecord;
  let caseDraft = null; // the client case written on the phone: { workshop, id }

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
    const { page } = trainer;
    await signUp(page, server.token);
    workshop = await createWorkshop(page, { industry: '电梯维保', groups: 3 });
    // What must never reach a participant: the elevator case's teaching notes.
    const c = await api(page, 'GET', `/api/cases/${ELEVATOR}`);
    assert.equal(c.status, 200);
    const legit = JSON.stringify(c.body).replace(JSON.stringify(c.body['zh-CN'].teaching_notes), '').replace(JSON.stringify(c.body.en.teaching_notes), '') + JSON.stringify(workshop.curriculum);
    const flatLegit = legit.replace(/\s+/g, ' ');
    elevatorNotes = [...fragments(c.body['zh-CN'].teaching_notes, flatLegit, 14), ...fragments(c.body.en.teaching_notes, flatLegit, 32)];
    assert.ok(elevatorNotes.length >= 20, `only ${elevatorNotes.length} distinctive fragments of the notes`);
  });

  after(async () => {
    for (const p of [phone, trainer]) await p?.close().catch(() => {});
    await server?.stop();
  });

  it('the library finds 电梯 inside longer Chinese words and filters by module', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: '案例库' }).click();
    await page.getByRole('heading', { name: '案例库' }).waitFor();
    await page.locator('.cs-card').first().waitFor();
    assert.ok((await page.locator('.cs-card').count()) >= 12, 'the built-in library has at least 12 cases');
    await page.getByLabel('搜索案例库').fill('电梯');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/q=%E7%94%B5%E6%A2%AF/);
    await page.locator('.cs-card').first().filter({ hasText: ELEVATOR_TITLE }).waitFor();
    await page.mouse.move(10, 10);
    await screenshot(page, 'cases-library.png');
    // A built-in case opens read-only, teaching notes visible to the trainer.
    await page.locator('.cs-card', { hasText: ELEVATOR_TITLE }).click();
    await page.getByRole('button', { name: '复制到我的案例库' }).waitFor();
    await page.getByRole('region', { name: '教学笔记（讲师专用）' }).waitFor();
    await screenshot(page, 'case-builtin.png');
  });

  it('the trainer searches 电梯 in the console and attaches the case to activity 4.2', async () => {
    const { page } = trainer;
    await page.goto(`/workshops/${workshop.id}`);
    await page.locator('.pc-group-card').first().waitFor();
    // Move the agenda to 4.2, as the trainer would when module 4 starts.
    await page.getByLabel('跳转到环节').click();
    await page.keyboard.type('4.2');
    await page.keyboard.press('Enter');
    await page.locator('.pc-agenda-question', { hasText: Q42 }).waitFor();
    await page.getByRole('tab', { name: '案例' }).click();
    await page.locator('.cs-activity-select', { hasText: '4.2' }).waitFor();
    await page.getByLabel('搜索案例', { exact: true }).fill('电梯');
    await page.getByLabel('搜索案例', { exact: true }).press('Enter');
    const row = page.locator('.cs-result', { hasText: ELEVATOR_TITLE });
    await row.waitFor();
    await row.getByRole('button', { name: `把“${ELEVATOR_TITLE}”附加到活动 4.2` }).click();
    await page.locator('.cs-attachment', { hasText: ELEVATOR_TITLE }).waitFor();
    await page.mouse.move(10, 10);
    await screenshot(page, 'console-cases.png');
  });

  it('a participant opens the case from activity 4.2; the notes never reach the phone', async () => {
    phone = await person(server.baseURL, PHONE);
    const page = phone.page;
    phoneRecord = recorder(page);
    await joinOnPhone(page, workshop.join_code, '王芳');
    await page.getByRole('heading', { name: Q42 }).waitFor();
    const open = page.locator('.cs-case-button', { hasText: ELEVATOR_TITLE });
    await open.waitFor();
    await screenshot(page, 'case-participant-activity.png');
    await open.click();
    const reader = page.getByRole('dialog', { name: '案例' });
    await reader.getByRole('heading', { name: ELEVATOR_TITLE }).waitFor();
    await reader.getByRole('region', { name: '讨论问题' }).waitFor();
    assert.equal(await reader.getByRole('region', { name: '教学笔记（讲师专用）' }).count(), 0);
    await screenshot(page, 'case-participant-reader.png');

    // The trainer puts it on the projector; the phone follows.
    await trainer.page.locator('.cs-attachment', { hasText: ELEVATOR_TITLE }).getByRole('button', { name: '投影' }).click();
    await reader.getByRole('button', { name: '← 返回小组任务' }).click();
    await page.locator('.cs-case-button-live').waitFor();

    projector = await trainer.newPage();
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await projector.goto(`/workshops/${workshop.id}/projector`);
    await projector.getByRole('heading', { name: ELEVATOR_TITLE }).waitFor();
    await projector.getByText('案例研讨').waitFor();
    await screenshot(projector, 'case-projector.png');
    const projectorText = await projector.locator('body').innerText();
    for (const f of elevatorNotes) assert.ok(!projectorText.includes(f), `the projector shows teaching notes: ${f}`);

    // Nothing the phone received — page, HTTP responses, websocket frames —
    // holds the notes.
    const pageText = await page.content();
    for (const f of elevatorNotes) assert.ok(!pageText.includes(f), `the page holds teaching notes: ${f}`);
    const seen = await phoneRecord.all();
    assert.ok(seen.some((s) => s.what.includes(`/api/p/${workshop.id}/cases/${ELEVATOR}`)), 'the case response was recorded');
    assert.ok(seen.some((s) => s.what.startsWith('ws ←') && s.text.includes('case.show')), 'the projector frame was recorded');
    for (const s of seen) {
      // Data (API answers, frames) never has the field at all; the app's own
      // code and strings may name it (a section title), so assets are checked
      // for the notes' content only.
      if (!s.what.includes('/assets/')) assert.ok(!s.text.includes('teaching_notes'), `teaching_notes field in ${s.what}`);
      for (const f of elevatorNotes) assert.ok(!s.text.includes(f), `teaching notes (${f}) in ${s.what}`);
    }
    assert.deepEqual(phone.problems, []);
  });

  it('a case with script and event-handler payloads renders inertly everywhere', async () => {
    const { page } = trainer;
    await page.bringToFront();
    // Written in the editor, like a trainer would.
    await page.goto('/cases/new');
    await page.getByLabel('标题').fill(XSS_TITLE);
    await page.getByRole('checkbox', { name: '模块4' }).check();
    await page.getByLabel('背景').fill(XSS_BODY);
    await page.getByLabel('教学笔记（讲师专用）').fill(MY_NOTES);
    // The live preview already renders the payloads as text.
    await page.locator('.cs-editor-preview').getByText('<script>alert("script ran")</script>').waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/cases\/[0-9a-z]{26}$/);
    const id = page.url().split('/').pop();
    await page.getByText('已保存。').waitFor();
    await screenshot(page, 'case-editor.png');
    assert.equal(await page.locator('.cs-editor-preview img[onerror], .cs-editor-preview script').count(), 0);

    const a = await api(page, 'POST', `/api/workshops/${workshop.id}/activities/4.2/cases`, { case: id });
    assert.equal(a.status, 201);
    const p = phone.page;
    await p.bringToFront();
    await p.reload();
    const btn = p.locator('.cs-case-button', { hasText: '注入测试' });
    await btn.waitFor();
    await btn.click();
    const reader = p.getByRole('dialog', { name: '案例' });
    await reader.getByText('<script>alert("script ran")</script>').waitFor();
    await reader.getByText('<img src=x onerror="alert(\'onerror ran\')">').waitFor();
    const dangerous = await reader.evaluate((root) => {
      const bad = [];
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'SCRIPT' || el.tagName === 'IFRAME') bad.push(el.tagName);
        for (const name of el.getAttributeNames()) {
          if (name.startsWith('on')) bad.push(`${el.tagName}[${name}]`);
          if (/^\s*javascript:/i.test(el.getAttribute(name) || '')) bad.push(`${el.tagName}[${name}=javascript:]`);
        }
      }
      return bad;
    });
    assert.deepEqual(dangerous, []);
    // Hovering and clicking the payloads runs nothing.
    await reader.getByText('悬停').hover();
    await reader.getByText('点我').click();
    await reader.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(p, 'case-participant-xss.png');
    assert.deepEqual(phone.problems, [], 'a dialog, page error or CSP violation means something ran');
    assert.deepEqual(trainer.problems, []);
    // And the trainer's own notes never reached the phone either.
    const seen = await phoneRecord.all();
    for (const s of seen) assert.ok(!s.text.includes(MY_NOTES), `the trainer's notes reached the phone in ${s.what}`);
  });

  it('a group writes its own case on the phone and the trainer adds it to the client library (案例萃取)', async () => {
    const { page } = trainer;
    await page.bringToFront();
    // The built-in curriculum has the case-draft activity 6.cases (module 6, day 2).
    const w2 = await createWorkshop(page, { title: '案例萃取工作坊', client_company: '星河物业服务有限公司', industry: '物业服务',
      starts_on: '2026-12-03', ends_on: '2026-12-04' });
    await page.goto(`/workshops/${w2.id}`);
    await page.locator('.pc-group-card').first().waitFor();
    await page.getByLabel('跳转到环节').click();
    await page.keyboard.type('成功案例萃取');
    await page.keyboard.press('Enter');
    await page.locator('.pc-agenda-question', { hasText: '成功案例萃取' }).waitFor();

    const p = phone.page;
    await p.bringToFront();
    await joinOnPhone(p, w2.join_code, '王芳', '第1组');
    await p.getByRole('heading', { name: /成功案例萃取/ }).waitFor();
    await p.getByRole('textbox', { name: '案例标题', exact: true }).fill('三个月拿下星河科创园的物业服务');
    await p.getByRole('textbox', { name: '情境与挑战', exact: true }).fill('园区38万平方米，现任物业合同4个月后到期，客户最担心交接出乱子。');
    await p.getByRole('textbox', { name: '我们的做法', exact: true }).fill('先问顾虑、再谈价格；提出联合巡检和关键岗位平移的交接保障方案。');
    await p.getByRole('textbox', { name: '结果', exact: true }).fill('中标，年合同额2,700万元。');
    await p.getByRole('textbox', { name: '经验与启示', exact: true }).click();
    await p.locator('.cs-draft-status', { hasText: '已保存（王芳）' }).nth(3).waitFor();
    await screenshot(p, 'case-draft-phone.png');

    await page.getByRole('tab', { name: '案例' }).click();
    const row = page.locator('.cs-attachment', { hasText: '第1组' });
    // Into the client's library first, not yet into the playbook.
    await row.getByRole('checkbox', { name: '放入手册附录' }).uncheck();
    await row.getByRole('button', { name: '加入客户案例库' }).click();
    await page.getByText('第1组的案例已加入客户案例库。').waitFor();
    await row.getByRole('link', { name: '打开案例' }).click();
    await page.getByRole('heading', { name: '三个月拿下星河科创园的物业服务' }).waitFor();
    const flag = page.getByRole('switch', { name: '放入手册附录' });
    await flag.waitFor();
    assert.equal(await flag.isChecked(), false);
    const list = await api(page, 'GET', '/api/cases?scope=client');
    assert.equal(list.body.total, 1);
    assert.equal(list.body.cases[0].client, '星河物业服务有限公司');
    assert.deepEqual(phone.problems, []);
    caseDraft = { workshop: w2.id, id: list.body.cases[0].id };
  });

  it('the trainer flags the case for the appendix, publishes the playbook and the report holds the case', async () => {
    const { page } = trainer;
    const TITLE = '三个月拿下星河科创园的物业服务';
    await page.goto(`/cases/${caseDraft.id}`);
    const flag = page.getByRole('switch', { name: '放入手册附录' });
    await flag.click();
    await page.waitForFunction(() => document.querySelector('[role="switch"][aria-checked="true"]'));

    // The converge screen lists it among the cases the next version carries, linked to the case.
    await page.goto(`/workshops/${caseDraft.workshop}/playbook`);
    const card = page.locator('.pg-appendix');
    const item = card.locator(`[data-case="${caseDraft.id}"]`);
    await item.getByText('随下一版发布').waitFor();
    assert.equal(await card.getByRole('link', { name: `打开案例“${TITLE}”` }).getAttribute('href'), `/cases/${caseDraft.id}`);
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('已发布第 1 版。').waitFor();
    await item.getByText('已在第 1 版').waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await screenshot(page, 'playbook-appendix.png');

    // The printable report carries the case as a chapter of its own.
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '打印版报告' }).click()]);
    assert.equal(d.suggestedFilename(), 'playbook-report-v1.html');
    const html = readFileSync(await d.path(), 'utf8');
    assert.ok(html.includes('<h2>附录：客户案例</h2>'), 'the report has no appendix chapter');
    assert.ok(html.includes(`<h3>案例 1：${TITLE}</h3>`), 'the report lacks the case');
    for (const s of ['<h4>情境与挑战</h4>', '园区38万平方米', '<h4>我们的做法</h4>', '联合巡检', '<h4>结果</h4>', '年合同额2,700万元']) assert.ok(html.includes(s), `the report lacks ${s}`);
    assert.ok(!/<script/i.test(html));
    // Printed as the browser shows it: the appendix, on a page of its own.
    const report = await trainer.newPage();
    await report.goto(`/api/workshops/${caseDraft.workshop}/playbook/export/report?inline=1`);
    await report.locator('#appendix').scrollIntoViewIfNeeded();
    await report.getByRole('heading', { name: `案例 1：${TITLE}` }).waitFor();
    await screenshot(report, 'playbook-report-appendix.png');
    await report.close();
    assert.deepEqual(trainer.problems, []);
  });
});
