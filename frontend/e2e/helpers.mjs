// Shared helpers of the browser tests: a real server per test file, and one
// Chromium profile per simulated person (so each has their own cookies).
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

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: false, animations: 'disabled' });
}
