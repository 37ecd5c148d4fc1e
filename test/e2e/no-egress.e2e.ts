import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, offOrigin } from './browser';

const NAV = ['Import', 'Data quality', 'Segments', 'Tags', 'Personas', 'Reports', 'Privacy'];

describe('no egress', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('makes no request off its own origin through a whole flow', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.getByRole('button', { name: 'Try sample data' }).click();
    await page.getByText('survey.csv').waitFor({ timeout: 30_000 });
    for (const name of NAV) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('link', { name: '分群' }).waitFor();
    await page.reload();
    await page.waitForLoadState('networkidle');

    expect(rec.requests.length).toBeGreaterThan(3); // the recorder saw the app's own requests
    expect(offOrigin(rec.requests, baseURL)).toEqual([]);
    expect(await rec.cspViolations()).toEqual([]);
    expect(rec.consoleErrors).toEqual([]);
    await context.close();
  });

  it('would catch a request off the origin (the check itself works)', async () => {
    const { context, rec } = await newContext(browser);
    const page = await context.newPage();
    await page.goto(baseURL);
    await page.evaluate(() => fetch('http://example.com/tracker.gif').catch(() => null));
    await page.waitForTimeout(200);
    // The CSP blocks it before it leaves, and the recorder reports the violation.
    const violations = await rec.cspViolations();
    expect(violations.some((v) => v.includes('connect-src'))).toBe(true);
    await context.close();
  });
});
