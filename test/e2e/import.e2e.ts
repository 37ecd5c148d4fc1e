import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { ARTIFACTS, launch, newContext, offOrigin, screenshot } from './browser';
import { startButton, startImport, waitIdle } from './flows';

const FIXTURES = path.resolve('test/fixtures/csv');
const TMP = path.join(ARTIFACTS, 'tmp');

describe('import', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
    mkdirSync(TMP, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('imports the sample data through the same path as a user file', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByRole('button', { name: 'Try sample data' }).click();
    for (const name of ['customers.csv', 'orders.csv', 'survey.csv']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await screenshot(page, 'import-sample-preview-desktop');
    await startImport(page);
    await page.getByRole('link', { name: 'Data quality', exact: true }).click();
    await page.getByRole('tab', { name: /orders\.csv/ }).click();
    await page.getByRole('heading', { name: 'Excluded by reason' }).waitFor();
    // The planted defects of the generator, counted per reason.
    const row = (label: string) => page.getByRole('row', { name: new RegExp(`^${label}`) });
    await expect.poll(() => row('No customer').textContent()).toContain('400');
    await expect.poll(() => row('Duplicate row').textContent()).toContain('600');
    await expect.poll(() => row('Cancelled / return').textContent()).toContain('4,000');
    await screenshot(page, 'quality-orders-desktop');
    expect(offOrigin(rec.requests, baseURL)).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    await context.close();
  });

  it('exports the same summary JSON as `npm run summarize` for the same file', async () => {
    const file = path.join(FIXTURES, 'basic.csv');
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(file);
    await startImport(page);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export summary (JSON)' }).click(),
    ]);
    const browserJson = readFileSync((await download.path())!, 'utf8');
    const cliJson = execFileSync('npx', ['tsx', 'scripts/summarize.ts', '--lang', 'en', file], {
      encoding: 'utf8',
    });
    expect(JSON.parse(browserJson)).toEqual(JSON.parse(cliJson));
    expect(browserJson).toBe(cliJson);
    await context.close();
  });

  it('takes several files dropped anywhere on the window, from any view', async () => {
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en#/segments`);
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['a,b\n1,2\n'], 'one.csv', { type: 'text/csv' }));
      dt.items.add(new File(['c;d\n3;4\n'], 'two.csv', { type: 'text/csv' }));
      return dt;
    });
    await page.dispatchEvent('footer', 'dragenter', { dataTransfer });
    await page.getByText('Drop to import the files').waitFor();
    await page.dispatchEvent('footer', 'drop', { dataTransfer });
    await page.getByRole('heading', { name: 'one.csv' }).waitFor();
    await page.getByRole('heading', { name: 'two.csv' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Import data' }).isVisible()).toBe(true);
    await context.close();
  });

  it('reads a GBK (GB18030) export from Chinese Excel', async () => {
    const text = readFileSync(path.join(FIXTURES, 'cn-orders.csv'), 'utf8').replace(/^\uFEFF/, '');
    const gbk = path.join(TMP, 'gbk-orders.csv');
    writeFileSync(gbk, iconv.encode(text, 'gbk'));
    const { context } = await newContext(browser, { locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=zh-CN`);
    await page.getByLabel('选择文件').setInputFiles(gbk);
    const card = page.getByRole('article', { name: 'gbk-orders.csv' });
    await card.getByLabel('编码').waitFor();
    expect(await card.getByLabel('编码').inputValue()).toBe('gb18030');
    await card.getByText('买家会员名').first().waitFor();
    await screenshot(page, 'import-gbk-preview-desktop');
    await context.close();
  });

  it('says clearly what is wrong with files it cannot read', async () => {
    const cases: [string, Buffer, RegExp][] = [
      [
        'book.xlsx',
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
        /Excel workbook.*Save As/,
      ],
      ['empty.csv', Buffer.alloc(0), /is empty/],
      ['header-only.csv', readFileSync(path.join(FIXTURES, 'header-only.csv')), /no data rows/],
      ['scan.pdf', Buffer.from('%PDF-1.7\n%\xff\n'), /PDF/],
    ];
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    for (const [name, bytes] of cases) {
      const p = path.join(TMP, name);
      writeFileSync(p, bytes);
      await page.getByLabel('Choose files').setInputFiles(p);
      const alert = page.getByRole('article', { name }).getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(cases.find((c) => c[0] === name)![2]);
      expect(await alert.textContent()).toContain(name);
    }
    await screenshot(page, 'import-bad-files-desktop');
    expect(rec.pageErrors).toEqual([]);
    await context.close();
  });

  it('asks for a customer column when a transactions file has none', async () => {
    const p = path.join(TMP, 'no-customer.csv');
    writeFileSync(
      p,
      'order,who,date,amount\n1,A,2024-01-01,5\n2,B,2024-01-02,6\n3,A,2024-01-03,7\n',
    );
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(p);
    const card = page.getByRole('article', { name: 'no-customer.csv' });
    await card
      .getByRole('alert')
      .getByText(/lacks: Customer id/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Start import' }).isEnabled()).toBe(false);
    await card.getByLabel('Column for “Customer id”').selectOption('who');
    await startImport(page);
    await context.close();
  });

  it('cancels an import and stores nothing', async () => {
    execFileSync(process.execPath, [
      'scripts/gen-sample.mjs',
      '--bench',
      '--orders',
      '300000',
      '--customers',
      '30000',
      '--out',
      TMP,
    ]);
    const generated = path.join(TMP, 'orders-300k.csv');
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(generated);
    await (await startButton(page)).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByText('Cancelled; nothing was stored').waitFor();
    await waitIdle(page);
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('portrait');
          req.onsuccess = () => {
            const db = req.result;
            const tx = db.transaction(['datasets', 'chunks', 'journal'], 'readonly');
            let total = 0;
            let left = 3;
            for (const name of ['datasets', 'chunks', 'journal']) {
              const c = tx.objectStore(name).count();
              c.onsuccess = () => {
                total += c.result;
                if (--left === 0) {
                  resolve(total);
                }
              };
            }
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(stored).toBe(0);
    await context.close();
  });
});
