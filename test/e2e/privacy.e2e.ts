import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { ARTIFACTS, SCREENSHOTS, launch, newContext, screenshot } from './browser';
import { startImport, waitIdle } from './flows';

/** Raw identifiers of the sample's customers: phones, ID numbers, e-mails, names (3+ chars). */
function sampleIdentifiers(): string[] {
  const csv = gunzipSync(readFileSync(path.resolve('public/sample/customers.csv.gz'))).toString(
    'utf8',
  );
  const lines = csv.split(/\r?\n/).slice(1, 2001);
  const out = new Set<string>();
  for (const line of lines) {
    const [, name, phone, email, id] = line.split(',');
    for (const v of [phone, email, id]) {
      if (v && v.length >= 6) {
        out.add(v);
      }
    }
    if (phone) {
      out.add(phone.replace(/\D/g, '').slice(-11)); // the canonical form too
    }
    if (name && name.length >= 3) {
      out.add(name);
    }
  }
  return [...out];
}

/** Every IndexedDB record, localStorage and Cache Storage (but the shipped assets) as text. */
async function dumpStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    const replacer = (_k: string, v: unknown) =>
      ArrayBuffer.isView(v) ? `[${(v as unknown as { length: number }).length} numbers]` : v;
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        parts.push(JSON.stringify(rows, replacer));
      }
      db.close();
    }
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      parts.push(`${k}=${localStorage.getItem(k)}`);
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        // The precached sample files are the app's own input assets (the fictitious data
        // itself), not something the app stored about anyone: skip them.
        if (/\/sample\//.test(req.url)) {
          continue;
        }
        const res = await cache.match(req);
        parts.push(await res!.text());
      }
    }
    return parts.join('\n');
  });
}

/**
 * Everything in a text that could be one of the identifiers: phone-like digit runs (spaces,
 * dashes and a +86 / 0086 prefix removed), 15/18-character ID numbers, e-mail addresses, and
 * every 3–4 character stretch of Chinese text (names may sit inside longer text). Matching
 * them against a set is fast where scanning a large dump once per identifier is not.
 */
function candidates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[+\d][\d -]{9,24}[\dXx]/g)) {
    const digits = m[0].replace(/[ -]/g, '').replace(/^\+/, '');
    out.push(digits);
    out.push(digits.replace(/^(0086|86)(?=1\d{10}$)/, ''));
    for (const id of digits.match(/\d{17}[\dXx]|\d{15}|1[3-9]\d{9}/g) ?? []) {
      out.push(id);
    }
  }
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) {
    out.push(m[0]);
  }
  for (const m of text.matchAll(/[\u4e00-\u9fff]{3,}/g)) {
    const run = m[0];
    for (let len = 3; len <= 4; len++) {
      for (let i = 0; i + len <= run.length; i++) {
        out.push(run.slice(i, i + len));
      }
    }
  }
  return out;
}

async function importSample(page: Page) {
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.getByRole('heading', { name: 'survey.csv' }).waitFor();
  await startImport(page);
}

async function download(page: Page, name: string): Promise<string> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  const p = (await d.path())!;
  return p;
}

describe('privacy', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('stores and exports no raw identifier of the sample; the key survives a reload and cannot be exported', async () => {
    const identifiers = sampleIdentifiers();
    expect(identifiers.length).toBeGreaterThan(3000);
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await importSample(page);

    // Exports: summary JSON, rejected rows, audit log, an unencrypted backup.
    const files: string[] = [];
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    files.push(await download(page, 'Export summary (JSON)'));
    await page.getByRole('link', { name: 'Data quality', exact: true }).click();
    await page.getByRole('tab', { name: /orders\.csv/ }).click();
    files.push(await download(page, 'Download rejected rows (CSV)'));
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    files.push(await download(page, 'Export audit log (CSV)'));
    files.push(await download(page, 'Export backup'));
    await screenshot(page, 'privacy-after-sample-desktop');

    const stored = await dumpStorage(page);
    expect(stored.length).toBeGreaterThan(10_000);
    const exported = files.map((f) => readFileSync(f).toString('utf8')).join('\n');
    const wanted = new Set(identifiers);
    const found = [...candidates(stored), ...candidates(exported)].filter((c) => wanted.has(c));
    expect([...new Set(found)]).toEqual([]);
    // The scan does find identifiers where they are (the check itself works).
    const raw = gunzipSync(readFileSync(path.resolve('public/sample/customers.csv.gz'))).toString();
    expect(candidates(raw).filter((c) => wanted.has(c)).length).toBeGreaterThan(3000);

    // The key: in IndexedDB, non-extractable, and the same after a reload.
    await page.reload();
    const keyCheck = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('portrait');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const rec = await new Promise<{ value: CryptoKey } | undefined>((resolve) => {
        const req = db.transaction('settings').objectStore('settings').get('pidKey');
        req.onsuccess = () => resolve(req.result as { value: CryptoKey } | undefined);
      });
      db.close();
      if (!rec) {
        return 'missing';
      }
      try {
        await crypto.subtle.exportKey('raw', rec.value);
        return 'exported';
      } catch {
        return `refused:${rec.value.extractable}`;
      }
    });
    expect(keyCheck).toBe('refused:false');
    expect(rec.pageErrors).toEqual([]);
    writeFileSync(
      path.join(ARTIFACTS, 'privacy-scan.txt'),
      `identifiers checked: ${identifiers.length}\nstored bytes: ${stored.length}\n`,
    );
    await context.close();
  });

  it('restores an encrypted backup, and a wrong passphrase or a foreign file changes nothing', async () => {
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page
      .getByLabel('Choose files')
      .setInputFiles(path.resolve('test/fixtures/csv/basic.csv'));
    await startImport(page);
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await page
      .getByLabel('Passphrase (optional, encrypts the backup)')
      .fill('correct horse battery');
    const backup = await download(page, 'Export backup');
    await page.getByText(/with the pseudonymization key/).waitFor();

    page.on('dialog', (d) => void d.accept());
    const countDatasets = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open('portrait');
            req.onsuccess = () => {
              const c = req.result.transaction('datasets').objectStore('datasets').count();
              c.onsuccess = () => {
                resolve(c.result);
                req.result.close();
              };
            };
          }),
      );
    // Delete the dataset, then try a wrong passphrase: still nothing.
    await page.getByRole('link', { name: 'Data quality', exact: true }).click();
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await expect.poll(countDatasets).toBe(0);
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();

    await page.getByLabel('Restore from backup').setInputFiles(backup);
    await page.getByLabel('Backup passphrase').fill('wrong passphrase');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/passphrase/i)
      .waitFor();
    expect(await countDatasets()).toBe(0);

    // A foreign file.
    const foreign = path.join(ARTIFACTS, 'not-a-backup.portrait-backup');
    writeFileSync(foreign, 'customer,amount\n1,2\n');
    await page.getByLabel('Restore from backup').setInputFiles(foreign);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/not a Portrait backup|backup/i)
      .waitFor();
    expect(await countDatasets()).toBe(0);

    // The right passphrase.
    await page.getByLabel('Restore from backup').setInputFiles(backup);
    await page.getByLabel('Backup passphrase').fill('correct horse battery');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('1 datasets restored.').waitFor();
    expect(await countDatasets()).toBe(1);
    await context.close();
  });

  it('erases a person found by a phone number and hands out a receipt without it', async () => {
    const csv = path.join(ARTIFACTS, 'people.csv');
    writeFileSync(
      csv,
      [
        '客户ID,姓名,手机,营销同意',
        'C001,王小明,13800138000,是',
        'C002,李华,13912345678,否',
        'C003,赵雪,15011112222,是',
      ].join('\n'),
    );
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(csv);
    await startImport(page);
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    // A backup taken before the erasure (unencrypted: it holds no key).
    const olderBackup = await download(page, 'Export backup');
    await page.getByLabel('Identifier type').selectOption('phone');
    await page.getByLabel('Identifier', { exact: true }).fill('+86 138 0013 8000');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText(/1 rows found/).waitFor();
    const access = readFileSync(await download(page, 'Download their data (access)'), 'utf8');
    expect(access).toContain('C001');
    expect(access).not.toContain('13800138000');
    const receipt = readFileSync(await download(page, 'Erase this customer'), 'utf8');
    expect(JSON.parse(receipt).rowsDeleted).toBe(1);
    expect(receipt).not.toContain('13800138000');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('No data found for this customer.').waitFor();
    await screenshot(page, 'privacy-erasure-desktop');

    // Restoring the older backup does not bring the erased person back (tombstones).
    await page.getByLabel('Restore from backup').setInputFiles(olderBackup);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('1 datasets restored.').waitFor();
    await page.getByLabel('Identifier type').selectOption('customerId');
    await page.getByLabel('Identifier', { exact: true }).fill('C001');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('No data found for this customer.').waitFor();
    await page.getByLabel('Identifier', { exact: true }).fill('C002');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText(/1 rows found/).waitFor();
    await context.close();
  });

  it('uses a sensitive attribute only for a written purpose: logged, printed on the report, revocable', async () => {
    // The sample data has no sensitive column: a small customer table with 月收入 and 婚姻.
    const csv = path.join(ARTIFACTS, 'sensitive.csv');
    const lines = ['客户ID,性别,年龄,月收入,婚姻'];
    for (let i = 0; i < 40; i++) {
      lines.push(
        `C${100 + i},${i % 2 ? '女' : '男'},${22 + ((i * 7) % 40)},${4000 + ((i * 1373) % 16000)},${i % 3 ? '已婚' : '未婚'}`,
      );
    }
    writeFileSync(csv, lines.join('\n'));
    const purpose = 'Compare spending across income bands to design member tiers';
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(csv);
    await startImport(page);
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();

    const income = page.getByRole('region', { name: /月收入/ });
    await income.getByText('Excluded (default)').waitFor();
    await page.getByRole('region', { name: /婚姻/ }).getByText('Excluded (default)').waitFor();
    // A placeholder is refused, next to the field.
    await income.getByLabel('Purpose of use').fill('test test');
    await income.getByRole('button', { name: 'Allow use' }).click();
    await income.getByText(/Describe the purpose in at least 10/).waitFor();
    expect(await income.getByLabel('Purpose of use').getAttribute('aria-invalid')).toBe('true');

    await income.getByLabel('Purpose of use').fill(purpose);
    await income.getByRole('button', { name: 'Allow use' }).click();
    await income.getByText('Allowed for the purpose:').waitFor();
    await income.getByText(purpose, { exact: false }).waitFor();
    await page
      .locator('td.detail', { hasText: `purpose: ${purpose}` })
      .first()
      .waitFor();
    await expect.poll(() => page.locator('td', { hasText: 'sensitiveUseGranted' }).count()).toBe(1);
    await waitIdle(page);
    await screenshot(page, 'privacy-sensitive-full-desktop');
    await page
      .locator('.card', { has: page.getByRole('heading', { name: 'Sensitive attributes' }) })
      .screenshot({ path: path.join(SCREENSHOTS, 'privacy-sensitive-desktop.png') });

    // Now a clustering feature choice, and printed on the report with its purpose.
    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByRole('checkbox', { name: '月收入' }).waitFor();
    expect(await page.getByRole('checkbox', { name: '婚姻' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    const html = readFileSync(await download(page, 'Export HTML report'), 'utf8');
    expect(html).toContain(`月收入 (income) · purpose of use: “${purpose}”`);
    await waitIdle(page);
    const reportCsv = readFileSync(await download(page, 'Export CSV'), 'utf8');
    expect(reportCsv).toContain(
      `Sensitive attribute used,月收入,income,Purpose of use: ${purpose}`,
    );
    await waitIdle(page);

    // Revoke: excluded again, logged with the purpose.
    await page.getByRole('link', { name: 'Privacy', exact: true }).click();
    await income.getByRole('button', { name: 'Revoke' }).click();
    await income.getByText('Excluded (default)').waitFor();
    await expect.poll(() => page.locator('td', { hasText: 'sensitiveUseRevoked' }).count()).toBe(1);
    await waitIdle(page);
    expect(rec.pageErrors).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    await context.close();
  });
});
