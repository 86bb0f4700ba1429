// Shared helpers of the browser tests: a real server per test file, and one
// Chromium profile per simulated person (so each has their own cookies).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BINARY = resolve(here, '..', '..', 'bin', 'playbook');
export const SCREENSHOTS = join(here, 'screenshots');
export const CHROMIUM = process.env.PLAYBOOK_CHROMIUM || '/usr/bin/chromium';

/** Why the browser tests cannot run here, or '' when they can. Fails under CI when Chromium is missing. */
export function skipReason() {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM} (set PLAYBOOK_CHROMIUM)`);
    return `Chromium not found at ${CHROMIUM}`;
  }
  if (!existsSync(BINARY)) {
    if (process.env.CI === 'true') throw new Error(`${BINARY} not built: run make build`);
    return `${BINARY} not built: run make build`;
  }
  return '';
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts `playbook serve` on a fresh database; resolves once it answers, with
 * its setup token. restart() stops the process (SIGTERM) and starts it again
 * on the same port and database, as after a crash or an upgrade.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'playbook-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const args = ['serve', '--db', join(dir, 'e2e.db'), '--addr', `127.0.0.1:${port}`, '--base-url', baseURL, '--log', 'text'];
  let output = '';
  let token = '';
  let proc = null;
  let exited = null;

  async function launch(needToken) {
    proc = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (d) => {
      output += d.toString();
      const m = output.match(/\/setup\?token=([A-Za-z0-9_-]+)/);
      if (m) token = m[1];
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    const p = proc;
    exited = new Promise((res) => p.on('exit', res));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (p.exitCode !== null) throw new Error(`playbook exited early:\n${output}`);
      if (token || !needToken) {
        try {
          const r = await fetch(`${baseURL}/healthz`);
          if (r.ok) return;
        } catch {
          /* not yet */
        }
      }
      if (Date.now() > deadline) {
        p.kill('SIGKILL');
        throw new Error(`playbook did not start (or printed no setup link):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function halt() {
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  await launch(true);
  return {
    baseURL,
    token,
    output: () => output,
    halt,
    async restart() {
      await halt();
      await launch(false);
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const LAPTOP = { viewport: { width: 1440, height: 900 } };

/** A browser profile of its own (a person with their own cookies). */
export async function person(baseURL, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'playbook-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
    locale: 'zh-CN',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  watch(page, problems);
  return {
    context,
    page,
    problems,
    async newPage() {
      const p = await context.newPage();
      watch(p, problems);
      return p;
    },
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects what must never happen: CSP violations, uncaught errors, dialogs (a script that ran). */
function watch(page, problems) {
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
}

/** The trainer the tests sign up with on a fresh server. */
export const TRAINER = { name: '李老师', email: 'trainer@example.com', password: 'correct horse battery' };

/** First-run setup in the browser with the server's setup token: creates the trainer's account and lands signed in on the workshop list. */
export async function signUp(page, token, who = TRAINER) {
  await page.goto(`/setup?token=${token}`);
  await page.getByLabel('姓名').fill(who.name);
  await page.getByLabel('邮箱').fill(who.email);
  await page.getByLabel('密码', { exact: true }).fill(who.password);
  await page.getByLabel('确认密码').fill(who.password);
  await page.getByRole('button', { name: '创建并登录' }).click();
  await page.getByRole('heading', { name: '我的工作坊' }).waitFor();
}

/**
 * An API call from a page, with its cookies and the CSRF header (fetching
 * the CSRF cookie first when the page has none). A body that is not a string
 * is sent as JSON. Resolves with the status, the parsed JSON body (or null)
 * and the raw text.
 */
export async function api(page, method, path, body, contentType = 'application/json') {
  return page.evaluate(
    async ({ method, path, body, contentType }) => {
      if (!document.cookie.includes('pb_csrf=')) await fetch('/api/setup'); // sets the CSRF cookie
      const csrf = decodeURIComponent((document.cookie.match(/(?:^|; )pb_csrf=([^;]*)/) || [])[1] || '');
      const r = await fetch(path, {
        method,
        headers: { 'Content-Type': contentType, 'X-CSRF-Token': csrf },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await r.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: r.status, body: json, text };
    },
    { method, path, body, contentType },
  );
}

/** Like api, but the call must succeed; resolves with the parsed body. */
export async function must(page, method, path, body, contentType) {
  const r = await api(page, method, path, body, contentType);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
}

/** Creates a workshop as the trainer signed in on page (fields override a two-day, two-group workshop). */
export async function createWorkshop(page, fields = {}) {
  return must(page, 'POST', '/api/workshops', {
    title: '销售过程管理工作坊',
    client_company: '华东电梯服务有限公司',
    starts_on: '2026-12-01',
    ends_on: '2026-12-02',
    groups: 2,
    ...fields,
  });
}

/** A participant joins on their phone by the join link: their name, their group when one is given, then 加入. */
export async function joinOnPhone(page, code, name, group) {
  await page.goto(`/j/${code}`);
  await page.getByLabel('你的名字').fill(name);
  if (group) await page.locator('.pp-group-option', { hasText: group }).click();
  await page.getByRole('button', { name: '加入', exact: true }).click();
}

/**
 * Applies operations through the websocket as the page's person (`as` is
 * "trainer" or "participant"), each acknowledged before the next is sent;
 * list holds [board, op] pairs. Fails when any is refused.
 */
export async function ops(page, workshop, as, list) {
  const errors = await page.evaluate(
    async ({ workshop, as, list }) =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws?workshop=${workshop}&as=${as}`);
        const errors = [];
        let i = 0;
        const next = () => {
          if (i === list.length) {
            ws.close();
            resolve(errors);
            return;
          }
          const [board, op] = list[i];
          ws.send(JSON.stringify({ type: 'op', board, id: `x${Date.now()}${i}`, op }));
        };
        ws.onmessage = (e) => {
          const m = JSON.parse(e.data);
          if (m.type === 'welcome') next();
          if (m.type === 'ack' || (m.type === 'error' && m.id)) {
            if (m.type === 'error') errors.push(`${list[i][1].kind}: ${m.code} ${m.message}`);
            i++;
            next();
          }
        };
      }),
    { workshop, as, list },
  );
  assert.deepEqual(errors, [], `operations refused`);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: false, animations: 'disabled' });
}
