// The funnel review in a real browser: a trainer uploads a CRM export saved
// by Chinese Excel (GBK, Chinese headers, one column the importer cannot
// recognise), maps that column by hand, analyses it and sees the funnel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LAPTOP, person, PHONE, screenshot, signUp, skipReason, startServer } from './helpers.mjs';

const skip = skipReason();
const here = dirname(fileURLToPath(import.meta.url));
const EXPORT = readFileSync(join(here, 'fixtures', 'crm-export-gbk.csv'));
const PROJECTOR = { viewport: { width: 1920, height: 1080 } };

describe('funnel review in the browser', { skip: skip || false }, () => {
  let server, trainer;
  let reviewURL = '';

  before(async () => {
    server = await startServer();
    trainer = await person(server.baseURL, LAPTOP);
    const { page } = trainer;
    await signUp(page, server.token);
  });

  after(async () => {
    await trainer?.close().catch(() => {});
    await server?.stop();
  });

  it('uploads a GBK export with Chinese headers, maps the stage column by hand and sees the funnel chart', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: '漏斗复盘' }).click();
    await page.getByRole('heading', { name: '漏斗复盘' }).waitFor();
    await page.getByLabel('复盘名称').fill('华东区 2026 上半年漏斗复盘');
    await page.getByRole('button', { name: '新建复盘' }).click();
    await page.getByRole('heading', { name: '华东区 2026 上半年漏斗复盘' }).waitFor();
    reviewURL = page.url();

    await page.getByTestId('opportunity-file').setInputFiles({ name: '商机导出.csv', mimeType: 'text/csv', buffer: EXPORT });
    // The preview is decoded from GBK; 进展 is not a header the importer knows.
    await page.getByText('找不到阶段列').waitFor();
    await page.getByRole('columnheader', { name: '进展' }).waitFor();
    await page.getByRole('cell', { name: '华东精密机械' }).first().waitFor();
    assert.ok(await page.getByText(/CSV · gb18030 · 120 行/).isVisible());
    await screenshot(page, 'funnel-mapping.png');

    // Map the stage column by hand.
    await page.getByLabel('阶段', { exact: true }).click();
    await page.locator('.ant-select-item-option[title="进展"]').click();
    await page.getByLabel('赢率 % 方案评估').waitFor();
    assert.equal(await page.getByText('找不到阶段列').count(), 0);

    // Configure two probabilities and day limits, then analyse.
    await page.getByLabel('赢率 % 初步接洽').fill('10');
    await page.getByLabel('赢率 % 需求确认').fill('25');
    await page.getByLabel('赢率 % 方案评估').fill('50');
    await page.getByLabel('赢率 % 合同谈判').fill('75');
    await page.getByLabel('停留上限（天） 方案评估').fill('30');
    await page.getByRole('button', { name: '开始分析' }).click();

    const chart = page.getByTestId('funnel-chart');
    await chart.waitFor();
    await page.waitForSelector('[data-testid="funnel-chart"][data-ready="true"] canvas');
    const box = await chart.locator('canvas').boundingBox();
    assert.ok(box && box.width > 200 && box.height > 200, `funnel canvas ${JSON.stringify(box)}`);
    await page.getByText('中部鼓包（商机停滞）').first().waitFor();
    await page.getByText(/最大漏点/).waitFor();
    await page.waitForSelector('[data-testid="conversion-chart"][data-ready="true"] canvas');
    await screenshot(page, 'funnel-result.png');
    await page.getByTestId('funnel-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'funnel-charts.png');
    assert.deepEqual(trainer.problems, []);
  });

  it('keeps the result and exports it to Excel', async () => {
    const { page } = trainer;
    await page.goto(reviewURL);
    await page.waitForSelector('[data-testid="funnel-chart"][data-ready="true"] canvas');
    const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
    const res = await page.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /spreadsheetml/);
    assert.equal((await res.body()).subarray(0, 2).toString(), 'PK');
  });

  it('refuses a file that is not CSV or XLSX, with the reason', async () => {
    const { page } = trainer;
    await page.getByTestId('opportunity-file').setInputFiles({ name: '报告.csv', mimeType: 'text/csv', buffer: Buffer.from('%PDF-1.7 not a table') });
    await page.getByText('这是 PDF 文件，不是 CSV 或 XLSX').waitFor();
  });

  it('reads on a projector and a phone', async () => {
    for (const [size, name] of [
      [PROJECTOR, 'funnel-projector.png'],
      [PHONE, 'funnel-phone.png'],
    ]) {
      const p = await person(server.baseURL, size);
      await p.context.addCookies(await trainer.context.cookies());
      await p.page.goto(reviewURL);
      await p.page.waitForSelector('[data-testid="funnel-chart"][data-ready="true"] canvas');
      await p.page.getByTestId('funnel-chart').scrollIntoViewIfNeeded();
      await screenshot(p.page, name);
      assert.deepEqual(p.problems, []);
      await p.close();
    }
  });
});
