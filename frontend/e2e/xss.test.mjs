// Quality X6: user text never runs as script. Script and event-handler
// payloads go into every field people type — names, workshop and group
// names, notes, cells, comments, reflections, broadcasts, case Markdown,
// rubric text, the CSV of a funnel review and of a paper score sheet, the
// company playbook — and then every page that shows them is opened: the
// participant's phone, the trainer's console and screens, the projector,
// case pages, the funnel review, the printable reports and certificates.
// On each, nothing may run: no dialog, no global flag set by a payload, no
// Content-Security-Policy violation (which would mean markup was injected
// and only the CSP stopped it). And the payloads must be on screen as text,
// so that the test cannot pass by showing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LAPTOP, must, ops, person, PHONE, screenshot, skipReason, startServer } from './helpers.mjs';

const skip = skipReason();

// LONG for free text, SHORT where a field is short (names). Each sets
// window.__xss if it ever runs, besides the dialog.
const LONG =
  `"'><script>window.__xss='script';alert('script')</script><img src=x onerror="window.__xss='img';alert('img')">` +
  `<svg onload="window.__xss='svg'"><a href="javascript:window.__xss='href'">link</a>`;
const SHORT = `<img src=x onerror=alert(1)>`;
const VISIBLE = `<img src=x onerror=`; // what every rendering shows as text

// Records CSP violations in the page, before any of its scripts run.
const INIT = () => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
};

describe('no user text runs as script', { skip: skip || false }, () => {
  let server, trainer, phone, w, view, caseId, reviewId;

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
    await trainer.context.addInitScript(INIT);
    const t = trainer.page;
    await t.goto('/login');
    await must(t, 'POST', '/api/setup', { token: server.token, name: `李老师${SHORT}`, email: 'li@example.com', password: 'correct horse battery' });

    w = await must(t, 'POST', '/api/workshops', {
      title: `工作坊${LONG}`.slice(0, 120),
      client_company: `华东电梯${SHORT}`,
      industry: SHORT,
      starts_on: '2026-12-01',
      ends_on: '2026-12-02',
      group_names: [`一组${SHORT}`, '二组'],
    });
    w = await must(t, 'GET', `/api/workshops/${w.id}`);

    phone = await person(server.baseURL, PHONE);
    await phone.context.addInitScript(INIT);
    const p = phone.page;
    await p.goto(`/j/${w.join_code}`);
    view = await must(p, 'POST', '/api/join', { code: w.join_code, name: `王芳${SHORT}`, group_id: w.groups[0].id });

    // Open the activities, then fill the boards, as participant and trainer.
    const ctl = w.control_board;
    await ops(t, w.id, 'trainer', [
      ...['1.1', '1.4', '2.3', '4.2', '5.0'].map((a) => [ctl, { kind: 'activity.open', activity: a, groups: [] }]),
      [ctl, { kind: 'now.set', activity: '1.1' }],
      [ctl, { kind: 'broadcast.send', text: LONG.slice(0, 280) }],
    ]);
    const b = view.boards;
    await ops(p, w.id, 'participant', [
      [b['1.1'], { kind: 'note.add', id: 'n1', lane: 'setting', text: LONG }],
      [b['1.4'], { kind: 'row.add', id: 'r1', cells: { value: LONG, pain: LONG } }],
      [b['4.2'], { kind: 'note.add', id: 'c1', zone: 'explicit', text: LONG }],
      [b['2.3'], { kind: 'answer.set', prompt: 'insight', text: LONG }],
      [b['2.3'], { kind: 'action.add', id: 'a1', text: LONG }],
      [b['5.0'], { kind: 'finding.add', id: 'f1', topic: 'leak', text: LONG }],
      [b['1.1'], { kind: 'comment.add', id: 'k1', item: 'n1', text: LONG }],
    ]);
    await ops(t, w.id, 'trainer', [[b['1.1'], { kind: 'comment.add', id: 'k2', item: 'n1', text: LONG }]]);

    // A case in Markdown, attached to 1.1 and shown on the projector.
    const md = `${LONG}\n\n### ${SHORT}\n\n[x](javascript:alert(1)) <iframe src="/"></iframe>`;
    const c = await must(t, 'POST', '/api/cases', {
      modules: [1],
      'zh-CN': { title: `案例${SHORT}`, industry: SHORT, tags: ["<b onclick=x>"], summary: LONG, background: md, questions: md, teaching_notes: md },
      en: { title: `Case${SHORT}`, summary: LONG },
    });
    caseId = c.id;
    await must(t, 'POST', `/api/workshops/${w.id}/activities/1.1/cases`, { case: caseId });
    await ops(t, w.id, 'trainer', [[ctl, { kind: 'case.show', case: caseId }]]);

    // A rubric whose texts are payloads.
    const rub = await must(t, 'POST', '/api/passoff/rubrics/builtin/copy');
    const full = await must(t, 'GET', `/api/passoff/rubrics/${rub.id}`);
    const rubric = full.rubric;
    rubric.name = { 'zh-CN': `评分表${SHORT}`, en: `Rubric${SHORT}` };
    rubric.criteria[0].name = { 'zh-CN': `开场${SHORT}`, en: `Opening${SHORT}` };
    await must(t, 'PUT', `/api/passoff/rubrics/${rub.id}`, { rubric });

    // A paper score sheet whose names are payloads: they pass, so they get certificates.
    const crit = ['opening', 'discovery', 'value', 'objections', 'closing'];
    const rows = crit.map((k) => `"${SHORT}",李老师,${k},5`).join('\n');
    await must(t, 'POST', `/api/workshops/${w.id}/passoff/6.passoff/import`, `performer,judge,criterion,score\n${rows}\n`, 'text/csv');

    // A funnel review of a CSV whose cells are payloads.
    const review = await must(t, 'POST', '/api/funnel/reviews', { title: `复盘${SHORT}` });
    reviewId = review.id;
    const csv =
      `商机编号,客户名称,负责人,阶段,金额,创建日期,关闭日期,状态\n` +
      `A1,"${SHORT}","${SHORT}","${SHORT}",100000,2026-05-01,,进行中\n` +
      `A2,南方医疗,李娜,方案评估,300000,2026-03-01,2026-06-01,赢单\n`;
    const size = new TextEncoder().encode(csv).length;
    await must(t, 'POST', `/api/funnel/reviews/${reviewId}/files/opportunities`, { name: `${SHORT}.csv`, size });
    await must(t, 'PUT', `/api/funnel/reviews/${reviewId}/files/opportunities/parts/0`, csv, 'text/csv');
    await must(t, 'POST', `/api/funnel/reviews/${reviewId}/files/opportunities/complete`);

    // The company playbook's fields.
    await must(t, 'POST', `/api/workshops/${w.id}/playbook/set`, { path: '$.company.name', value: `公司${SHORT}` });
  });

  after(async () => {
    for (const who of [phone, trainer]) await who?.close().catch(() => {});
    await server?.stop();
  });

  async function visit(who, path, { expectText = true, download = false } = {}) {
    const page = who.page;
    if (download) {
      // An export is sent as a download: open it as a page, with every
      // header the server sent (its CSP included) but the attachment.
      await page.route(`**${path}`, async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-disposition'];
        await route.fulfill({ response, headers });
      });
    }
    await page.goto(path);
    await page.waitForLoadState('networkidle').catch(() => {});
    if (expectText) {
      // Boards arrive over the websocket: wait for the payload to show.
      await page.waitForFunction((v) => document.body.innerText.includes(v), VISIBLE, { timeout: 10_000 }).catch(() => {});
    }
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      xss: window.__xss ?? null,
      csp: window.__csp ?? [],
      text: document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'),
      scripts: [...document.scripts].filter((s) => !s.src).length,
    }));
    assert.equal(state.xss, null, `${path}: a payload ran (${state.xss})`);
    assert.deepEqual(state.csp, [], `${path}: CSP violations`);
    assert.deepEqual(who.problems, [], `${path}: problems`);
    assert.equal(state.scripts, 0, `${path}: inline script elements`);
    if (expectText && !state.text.includes(VISIBLE)) await page.screenshot({ path: `/tmp/xss-${path.replace(/\W+/g, '_')}.png` });
    if (expectText) assert.ok(state.text.includes(VISIBLE), `${path}: the payload is not on the page as text`);
  }

  it('on the participant phone', async () => {
    for (const path of [`/w/${w.id}`, `/w/${w.id}/a/1.1`, `/w/${w.id}/a/1.4`, `/w/${w.id}/a/4.2`, `/w/${w.id}/a/2.3`, `/w/${w.id}/plan`]) {
      await visit(phone, path);
    }
    // The funnel board has no phone screen yet (its findings show on the
    // console), and the toolkit shows no user text.
    await visit(phone, `/w/${w.id}/a/5.0`, { expectText: false });
    await visit(phone, `/w/${w.id}/toolkit`, { expectText: false });
  });

  it('on the trainer console, the projector and the trainer screens', async () => {
    // The console's audit log: the trainer's actions, names included.
    await visit(trainer, `/workshops/${w.id}`);
    await trainer.page.getByRole('tab', { name: '操作记录' }).click();
    await trainer.page.getByRole('cell', { name: '开放环节' }).first().waitFor();
    await trainer.page.getByRole('cell', { name: '发送全场消息' }).waitFor();
    assert.ok((await trainer.page.locator('.pc-audit').innerText()).includes(VISIBLE), 'the audit log shows the trainer name as text');
    await screenshot(trainer.page, 'console-audit-laptop.png');
    assert.deepEqual(trainer.problems, []);
    for (const path of [
      '/workshops',
      `/workshops/${w.id}`,
      `/workshops/${w.id}/projector`,
      `/workshops/${w.id}/playbook`,
      `/workshops/${w.id}/passoff/6.passoff`,
      `/workshops/${w.id}/passoff/6.passoff/projector`,
      '/cases',
      `/cases/${caseId}`,
      '/funnel',
      `/funnel/${reviewId}`,
    ]) {
      await visit(trainer, path);
    }
  });

  it('on the printable pages: certificates, the playbook report', async () => {
    await visit(trainer, `/api/workshops/${w.id}/passoff/6.passoff/certificates`);
    await visit(trainer, `/api/workshops/${w.id}/playbook/export/report?draft=1`, { download: true });
  });
});
