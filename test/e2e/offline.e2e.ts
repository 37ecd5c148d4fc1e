import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext } from './browser';

describe('offline', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('boots offline after the first visit, sample data included', async () => {
    const { context, rec } = await newContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${baseURL}?lang=en`);
    // Wait until the service worker has installed (precache done) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
        timeout: 20_000,
      })
      .toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    // The sample data is precached too.
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('button', { name: 'Try sample data' }).click();
    await page.getByText('orders.csv').waitFor({ timeout: 30_000 });
    await context.setOffline(false);
    expect(rec.pageErrors).toEqual([]);
    await context.close();
  });
});
