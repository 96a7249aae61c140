/**
 * Real Chromium for the UI tests (Debian's /usr/bin/chromium driven by playwright-core),
 * and screenshots into tests/screenshots/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebIfNeeded } from '../../scripts/build-web.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');

export const LANDSCAPE = { width: 1920, height: 1080 } as const;
export const PORTRAIT = { width: 1080, height: 1920 } as const;

/**
 * Builds the UIs if needed and launches headless Chromium. `buildWeb: false` for pages that
 * do not come from the server (the hall client's own pages).
 */
export async function launchBrowser(
  options: { readonly buildWeb?: boolean } = {},
): Promise<Browser> {
  if (options.buildWeb ?? true) await buildWebIfNeeded();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A fresh context (own storage) with a viewport, and its first page. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = LANDSCAPE,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    process.stderr.write(`page error at ${url}: ${error.message}\n`);
  });
  await page.goto(url);
  return { context, page };
}

/** Saves a full-page screenshot as tests/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Whether any element of the page overflows its box horizontally (text cut off). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible') {
        const rect = el.getBoundingClientRect();
        if (rect.width > 0 && el.children.length === 0)
          found.push(`${el.tagName}.${el.className}: ${el.textContent}`);
      }
    }
    return found;
  });
}
