// Launches Debian's Chromium through playwright-core and records everything the tests check:
// every request (pages, dedicated workers and the service worker), console errors, page
// errors and CSP violations.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const ARTIFACTS = path.resolve('test-results');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface Recorder {
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: () => Promise<string[]>;
}

export async function newContext(
  browser: Browser,
  opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<{ context: BrowserContext; rec: Recorder }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'zh-CN',
    serviceWorkers: 'allow',
    acceptDownloads: true,
  });
  const rec: Recorder = {
    requests: [],
    consoleErrors: [],
    pageErrors: [],
    cspViolations: async () => {
      const all: string[] = [];
      for (const p of context.pages()) {
        all.push(...(await p.evaluate(() => window.__cspViolations ?? []).catch(() => [])));
      }
      return all;
    },
  };
  // Every request of every page, its dedicated workers and the service worker.
  context.on('request', (r) => rec.requests.push(r.url()));
  context.on('serviceworker', (sw) => {
    sw.on('console', (m) => {
      if (m.type() === 'error') {
        rec.consoleErrors.push(`[sw] ${m.text()}`);
      }
    });
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on('page', (page) => watchPage(page, rec));
  return { context, rec };
}

function watchPage(page: Page, rec: Recorder) {
  page.on('console', (m) => {
    if (m.type() === 'error') {
      rec.consoleErrors.push(m.text());
    }
  });
  page.on('pageerror', (e) => rec.pageErrors.push(e.message));
  page.on('worker', (w) => {
    w.on('console', (m) => {
      if (m.type() === 'error') {
        rec.consoleErrors.push(`[worker] ${m.text()}`);
      }
    });
  });
}

/** Requests that left the app's origin (data: and blob: URLs never leave the page). */
export function offOrigin(requests: string[], baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) {
      return false;
    }
    try {
      return new URL(u).origin !== origin;
    } catch {
      return true;
    }
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}
