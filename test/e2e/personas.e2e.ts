import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { ARTIFACTS, launch, newContext, offOrigin, screenshot } from './browser';
import { startImport, waitIdle } from './flows';

const TMP = path.join(ARTIFACTS, 'tmp');

/** Raw identifiers of the sample's customers (phones, e-mails, ID numbers, long names). */
function sampleIdentifiers(): string[] {
  const csv = gunzipSync(readFileSync(path.resolve('public/sample/customers.csv.gz'))).toString(
    'utf8',
  );
  const out = new Set<string>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [, name, phone, email, id] = line.split(',');
    for (const v of [phone, email, id]) {
      if (v && v.length >= 6) {
        out.add(v);
      }
    }
    if (name && name.length >= 3) {
      out.add(name);
    }
  }
  return [...out];
}

async function download(page: Page, button: RegExp | string): Promise<Buffer> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: typeof button === 'string' }).click(),
  ]);
  return readFileSync((await d.path())!);
}

/** Pages of a PDF made by Chromium: page objects (`/Type /Page`, not the `/Pages` tree). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

/** A4 landscape at 96 px per inch (297 × 210 mm), the paper of the poster. */
const A4_LANDSCAPE = { width: 1123, height: 794 };

/**
 * Prints the page as Chromium does to PDF: print media, a viewport of the paper's printable
 * area (so layout and boxes match the printed page), and the PDF, saved under test-results.
 */
async function printPage(
  page: Page,
  name: string,
  area: { width: number; height: number },
): Promise<Buffer> {
  await page.setViewportSize(area);
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `${name}-print`);
  const pdf = await page.pdf({ format: 'A4', landscape: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.pdf`), pdf);
  return pdf;
}

/** Back to the screen after printPage. */
async function endPrint(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** What paper never shows: navigation, header and footer, buttons and form controls. */
async function expectNoControlsInPrint(page: Page): Promise<void> {
  for (const selector of ['nav', 'header.app-header', 'footer.app-footer', 'button', 'select']) {
    const all = await page.locator(selector).all();
    expect(all.length, selector).toBeGreaterThan(0);
    for (const el of all) {
      expect(await el.boundingBox(), `${selector} is printed`).toBeNull();
    }
  }
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Opens a saved HTML report from disk in Chromium: no request, no dialog, no script. */
async function openReport(browser: Browser, html: string, name: string) {
  mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, name);
  writeFileSync(file, html);
  const { context, rec } = await newContext(browser, { locale: 'en-US' });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  await page.waitForLoadState('load');
  const scripts = await page.locator('script').count();
  await screenshot(page, name.replace(/\.html$/, ''));
  const text = (await page.locator('body').textContent()) ?? '';
  const requests = rec.requests.filter((u) => !u.startsWith('file://'));
  await context.close();
  return { dialogs, scripts, text, requests };
}

describe('personas and reports', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes a persona from a segment, edits it, exports poster and reports without personal data', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByRole('button', { name: 'Try sample data' }).click();
    await page.getByRole('heading', { name: 'survey.csv' }).waitFor();
    await startImport(page);

    await page.getByRole('link', { name: 'Personas', exact: true }).click();
    const group = page.getByLabel('Make a persona for');
    await expect
      .poll(() => group.locator('option').count(), { timeout: 60_000 })
      .toBeGreaterThan(5);
    await group.selectOption({
      label: (await group.locator('option', { hasText: 'Important value' }).first().textContent())!,
    });
    await page.getByRole('button', { name: 'Create persona' }).click();
    const card = page.locator('article.persona').first();
    await card.waitFor({ timeout: 30_000 });
    await waitIdle(page);
    // Every figure opens the statistic behind it.
    await card.locator('summary').first().click();
    await expect
      .poll(() =>
        card
          .getByText(/^Based on [\d,]+ customers/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    // An edit is kept and marked.
    await card.getByRole('button', { name: 'Edit tagline' }).click();
    await card.getByLabel('Tagline').fill('Our best friends');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.textContent()).toContain('Our best friends');
    expect(await card.getByText('edited').count()).toBeGreaterThan(0);
    await screenshot(page, 'personas-card-en');

    // A second persona, side by side.
    await group.selectOption({
      label: (await group.locator('option', { hasText: 'Cluster 1' }).first().textContent())!,
    });
    await page.getByRole('button', { name: 'Create persona' }).click();
    await expect.poll(() => page.locator('article.persona').count(), { timeout: 30_000 }).toBe(2);
    await waitIdle(page);
    for (const box of await page.getByRole('checkbox', { name: /^Compare/ }).all()) {
      await box.check();
    }
    await page.getByRole('heading', { name: 'Side by side' }).waitFor();
    // The persona's tags as a mind map.
    await card.getByRole('button', { name: /^Tag map/ }).click();
    await card.getByRole('img', { name: /^Tag map of/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'personas-tagmap-en');

    // Poster: our own SVG drawn to PNG at 2× A4 landscape (1123 × 794).
    await card.getByRole('button', { name: /^Poster/ }).click();
    await page.getByRole('dialog', { name: 'Persona poster' }).waitFor();
    await screenshot(page, 'personas-poster-en');
    const png = await download(page, 'Save PNG');
    expect(pngSize(png)).toEqual({ width: 2246, height: 1588 });

    // Print / PDF of the poster: the poster alone, edge to edge on one A4 landscape page
    // (no margin), even with the comparison open behind it.
    const posterPdf = await printPage(page, 'personas-poster-en', A4_LANDSCAPE);
    await expectNoControlsInPrint(page);
    expect(
      await page.getByRole('heading', { name: 'Side by side', includeHidden: true }).boundingBox(),
    ).toBeNull();
    expect(await card.boundingBox()).toBeNull();
    const posterBox = await page.getByRole('img', { name: /^Poster of/ }).boundingBox();
    expect(posterBox).not.toBeNull();
    expect(Math.abs(posterBox!.x)).toBeLessThan(1);
    expect(Math.abs(posterBox!.y)).toBeLessThan(1);
    expect(Math.abs(posterBox!.width - A4_LANDSCAPE.width)).toBeLessThan(2);
    expect(Math.abs(posterBox!.height - A4_LANDSCAPE.height)).toBeLessThan(3);
    expect(pdfPages(posterPdf)).toBe(1);
    await endPrint(page);

    // Living personas: a re-analysis with another k changes cluster 1; its card says what
    // changed and is refreshed; the edit on the first card stays.
    await page.getByRole('button', { name: 'Close' }).click();

    // Print / PDF of the cards: the comparison on a page of its own, then two cards side by
    // side per A4 landscape page (10 mm margins: 277 × 190 mm printable), none cut in half.
    const cardsPdf = await printPage(page, 'personas-cards-en', { width: 1047, height: 718 });
    await expectNoControlsInPrint(page);
    const boxes = await Promise.all(
      (await page.locator('article.persona').all()).map((c) => c.boundingBox()),
    );
    expect(boxes).toHaveLength(2);
    const [left, right] = boxes;
    expect(left && right).toBeTruthy();
    expect(left!.x + left!.width).toBeLessThanOrEqual(right!.x);
    expect(left!.y).toBe(right!.y);
    for (const box of boxes) {
      expect(box!.height).toBeLessThan(718);
    }
    expect(pdfPages(cardsPdf)).toBe(2);
    await endPrint(page);

    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByLabel('Number of clusters k').selectOption('3');
    await page.getByRole('link', { name: 'Personas', exact: true }).click();
    const clusterCard = page.locator('article.persona').nth(1);
    await clusterCard.getByText('Changed since this card was made').waitFor({ timeout: 90_000 });
    await screenshot(page, 'personas-changed-en');
    await clusterCard.getByRole('button', { name: 'Refresh persona' }).click();
    await expect
      .poll(() => clusterCard.getByText('Changed since this card was made').count(), {
        timeout: 15_000,
      })
      .toBe(0);
    await expect.poll(() => card.textContent()).toContain('Our best friends');
    await waitIdle(page);

    // Reports: HTML and CSV, scanned for the sample's raw identifiers and for pids.
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { name: 'Workspace dashboard' }).waitFor();
    await screenshot(page, 'reports-dashboard-en');
    const html = (await download(page, 'Export HTML report')).toString('utf8');
    await waitIdle(page);
    const csv = (await download(page, 'Export CSV')).toString('utf8');
    await waitIdle(page);
    const summary = (await download(page, 'Export summary (JSON)')).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Our best friends');
    const ids = sampleIdentifiers();
    expect(ids.length).toBeGreaterThan(3000);
    for (const [name, text] of [
      ['html', html],
      ['csv', csv],
      ['summary', summary],
    ] as const) {
      expect(text, name).not.toMatch(/p_[A-Za-z0-9_-]{22}/);
      const hit = ids.find((id) => text.includes(id));
      expect(hit, `${name} holds a raw identifier`).toBeUndefined();
    }
    const opened = await openReport(browser, html, 'report-sample-en.html');
    expect(opened.dialogs).toEqual([]);
    expect(opened.scripts).toBe(0);
    expect(opened.requests).toEqual([]);
    expect(opened.text).toContain('Personas');

    expect(offOrigin(rec.requests, baseURL)).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    await context.close();
  });

  it('shows XSS payloads in data and headers as text in the HTML report', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const lines = [`客户ID,下单时间,金额,"${payload}",渠道`];
    for (let i = 0; i < 120; i++) {
      const evil = i % 2 ? `"<script>alert(${i})</script>"` : `"${payload}"`;
      lines.push(
        `C${i % 40},2024-0${1 + (i % 9)}-1${i % 9} 10:00,${100 + i},${evil},"""><svg onload=alert(2)>"`,
      );
    }
    mkdirSync(TMP, { recursive: true });
    const file = path.join(TMP, 'xss-orders.csv');
    writeFileSync(file, lines.join('\n'));
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${baseURL}?lang=en`);
    await page.getByLabel('Choose files').setInputFiles(file);
    await startImport(page);
    await page.getByRole('link', { name: 'Personas', exact: true }).click();
    const group = page.getByLabel('Make a persona for');
    await expect
      .poll(() => group.locator('option').count(), { timeout: 60_000 })
      .toBeGreaterThan(2);
    await group.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Create persona' }).click();
    await page.locator('article.persona').first().waitFor({ timeout: 30_000 });
    await waitIdle(page);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    const html = (await download(page, 'Export HTML report')).toString('utf8');
    expect(dialogs).toEqual([]);
    const opened = await openReport(browser, html, 'report-xss-en.html');
    expect(opened.dialogs).toEqual([]);
    expect(opened.scripts).toBe(0);
    expect(opened.requests).toEqual([]);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<svg onload');
    await context.close();
  });
});
