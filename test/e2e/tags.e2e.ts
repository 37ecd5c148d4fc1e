import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { launch, newContext, offOrigin, screenshot } from './browser';
import { startImport, waitIdle } from './flows';

/** The first sample customer with a phone number and marketing consent "是". */
function sampleCustomer(): { id: string; phone: string } {
  const csv = gunzipSync(readFileSync(path.resolve('public/sample/customers.csv.gz'))).toString(
    'utf8',
  );
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const cells = line.split(',');
    if (cells[2] && /^1\d{10}$/.test(cells[2])) {
      return { id: cells[0]!, phone: cells[2] };
    }
  }
  throw new Error('no sample customer with a phone');
}

describe('tags', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds the tag tree, checks rules, exports a consent-filtered list and finds one customer', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByRole('button', { name: 'Try sample data' }).click();
    await page.getByRole('heading', { name: 'survey.csv' }).waitFor();
    await startImport(page);
    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await page.getByRole('heading', { name: 'Tag tree' }).waitFor({ timeout: 60_000 });

    // Model tags: one per RFM segment, rule tags with their rule text, fact tags.
    const tagRow = (name: string) =>
      page.locator('details').getByRole('row', { name: new RegExp(`^${name}`) });
    await expect.poll(() => tagRow('Important value').count()).toBe(1);
    await expect.poll(() => tagRow('High value').textContent()).toContain('M_score >= 4');
    await expect.poll(() => tagRow('Sleeping').textContent()).toContain('R > 180');
    expect(await page.getByText(/left out \(no consent\)/).count()).toBeGreaterThan(0);
    await screenshot(page, 'tags-desktop-en');

    // A new rule: a mistake is pointed at, then the valid rule previews its count.
    await page.getByRole('button', { name: 'New tag' }).click();
    await page.getByLabel('Tag name').fill('Big spenders in Shanghai');
    const ruleText = page.getByLabel('Rule as text');
    await ruleText.fill('M_score >=');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: /value/i }).count(), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await ruleText.fill('M_score >= 4 AND 城市 IN ("上海", "杭州")');
    await page.getByText(/^Tags [\d,]+ customers;/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'tags-rule-editor-en');
    await page.getByRole('button', { name: 'Save tag' }).click();
    await expect.poll(() => tagRow('Big spenders in Shanghai').count()).toBe(1);
    const row = tagRow('Big spenders in Shanghai');
    const cells = await row.locator('td').allTextContents();
    const customers = Number(cells[1]!.replace(/,/g, ''));
    const eligible = Number(cells[2]!.replace(/,/g, ''));
    expect(customers).toBeGreaterThan(0);
    expect(eligible).toBeLessThanOrEqual(customers);

    // The marketing list holds only pseudonymous ids of customers with marketing consent.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /Export list/ }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('pid,purpose');
    expect(lines.length - 1).toBe(eligible);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^p_[A-Za-z0-9_-]{22},marketing$/);
    }
    await waitIdle(page);

    // A saved segment: high value, not sleeping; listed with its size and eligible size.
    await page.getByLabel('Segment name').fill('Active high value');
    await page.getByLabel('Has all of').selectOption({ label: 'High value' });
    await page.getByLabel('Has none of').selectOption({ label: 'Sleeping (180+ days)' });
    await page.getByRole('button', { name: 'Save segment' }).click();
    const segRow = page.getByRole('row', { name: /^Active high value/ });
    await segRow.waitFor({ timeout: 15_000 });
    const segCells = await segRow.locator('td').allTextContents();
    expect(Number(segCells[1]!.replace(/,/g, ''))).toBeGreaterThan(0);

    // One customer, looked up by phone (hashed in the worker): masked, with tags.
    const who = sampleCustomer();
    await page.getByLabel('Look up by').selectOption('phone');
    await page.getByLabel('Value', { exact: true }).fill(who.phone);
    await page.getByRole('button', { name: 'Find customer' }).click();
    const card = page.locator('.customer');
    await card.waitFor({ timeout: 15_000 });
    const text = (await card.textContent())!;
    expect(text).not.toContain(who.phone);
    expect(text).toContain(`${who.phone.slice(0, 3)}****${who.phone.slice(-4)}`);
    expect(text).toMatch(/p_[A-Za-z0-9_-]{22}/);
    await screenshot(page, 'tags-customer-en');

    expect(offOrigin(rec.requests, baseURL)).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    await context.close();
  });
});
