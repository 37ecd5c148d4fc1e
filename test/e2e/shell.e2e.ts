import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, screenshot } from './browser';

const VIEWS = [
  ['Import', 'import'],
  ['Data quality', 'quality'],
  ['Segments', 'segments'],
  ['Tags', 'tags'],
  ['Personas', 'personas'],
  ['Reports', 'reports'],
  ['Privacy', 'privacy'],
] as const;

const SIZES = [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
] as const;

describe('app shell', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('boots with no console error and sends the CSP and security headers', async () => {
    const { context, rec } = await newContext(browser);
    const page = await context.newPage();
    const res = await page.goto(baseURL);
    expect(res?.status()).toBe(200);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(meta).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(500);
    expect(rec.consoleErrors).toEqual([]);
    expect(rec.pageErrors).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    await context.close();
  });

  it('offers every view by its stable English name and shows what will be there', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    for (const [name] of VIEWS) {
      await page.getByRole('link', { name, exact: true }).click();
      await expect
        .poll(() => page.getByRole('link', { name, exact: true }).getAttribute('aria-current'))
        .toBe('page');
      if (name !== 'Import') {
        await page.getByRole('link', { name: 'Add data files' }).waitFor();
      }
    }
    await expect.poll(() => page.locator('main').getAttribute('aria-busy')).toBe('false');
    expect(rec.consoleErrors).toEqual([]);
    await context.close();
  });

  it('follows ?lang= over the browser language, and remembers a switch', async () => {
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=zh-CN`);
    await page.getByRole('link', { name: '数据质量' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('link', { name: 'Data quality' }).waitFor();
    await page.goto(baseURL); // no ?lang: the remembered choice wins over the browser
    await page.getByRole('link', { name: 'Data quality' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await context.close();
  });

  it('defaults to the browser language when nothing is chosen', async () => {
    const { context } = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(baseURL);
    await page.getByRole('link', { name: 'Segments' }).waitFor();
    await context.close();
  });

  it('can be used with the keyboard alone', async () => {
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // Tab until the "Segments" link has focus, then follow it with Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      if (text === 'Segments') {
        break;
      }
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    // Focus moved to the new view's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // The file picker is reachable and labelled.
    await page.goto(`${baseURL}?lang=en#/import`);
    await page.getByLabel('Choose files').waitFor({ state: 'attached' });
    await context.close();
  });

  it('shows a storage badge with persistence and usage', async () => {
    const { context } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    const badge = page.getByLabel('Local storage').first();
    await badge.click();
    await page.getByText(/used of .* available/).waitFor();
    await context.close();
  });

  for (const [sizeName, width, height] of SIZES) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`renders every view at ${sizeName} size in ${scheme} mode (screenshots)`, async () => {
        const { context, rec } = await newContext(browser, { width, height, colorScheme: scheme });
        const page = await context.newPage();
        for (const lang of scheme === 'light' ? (['zh-CN', 'en'] as const) : (['zh-CN'] as const)) {
          for (const [, route] of VIEWS) {
            await page.goto(`${baseURL}?lang=${lang}#/${route}`);
            await page.getByRole('heading', { level: 1 }).waitFor();
            // Nothing overflows the viewport horizontally.
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            );
            expect(overflow, `${route} overflows at ${width}px`).toBeLessThanOrEqual(0);
            await screenshot(page, `${route}-${sizeName}-${scheme}-${lang}`);
          }
        }
        expect(rec.consoleErrors).toEqual([]);
        await context.close();
      });
    }
  }
});
