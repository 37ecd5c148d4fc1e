// Steps many end-to-end tests share, by the names a person sees (DESIGN.md stable names).
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Waits until no job runs: `<main aria-busy="false">`. */
export async function waitIdle(page: Page, timeout = 180_000): Promise<void> {
  await expect
    .poll(() => page.locator('main').getAttribute('aria-busy'), { timeout })
    .toBe('false');
}

/** "Start import", once every queued file's preview is ready. */
export async function startButton(page: Page): Promise<Locator> {
  const start = page.getByRole('button', { name: 'Start import' });
  await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
  return start;
}

/** Starts the import of the queued files and waits for it and the analysis after it. */
export async function startImport(page: Page): Promise<void> {
  await (await startButton(page)).click();
  await page
    .getByText(/rows imported/)
    .first()
    .waitFor({ timeout: 120_000 });
  await waitIdle(page);
}
