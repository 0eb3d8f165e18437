import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, as `.ci/run` installs it (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.SCALEGAP_CHROMIUM ?? '/usr/bin/chromium';

/** The flags DESIGN.md section 7 prescribes for headless Chromium here. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (or set SCALEGAP_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/** What happened while a page was open: console errors, page errors, requests, dialogs. */
export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  dialogs: string[];
}

/** Opens a URL in a fresh page, recording everything that a report must not do. */
export async function openAndWatch(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
  options: { waitForCharts?: boolean } = {},
): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport });
  const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.pageErrors.push(error.message));
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    log.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  if (options.waitForCharts !== false) await page.waitForSelector('html[data-charts-done="true"]', { timeout: 30_000 });
  return { page, log };
}

/** Per chart container: its id, its render state and how many drawn marks its SVG/canvas holds. */
export async function chartStates(page: Page): Promise<Array<{ id: string; rendered: string | null; marks: number; hasGraphic: boolean }>> {
  return page.$$eval('[data-chart]', (boxes) =>
    boxes.map((box) => ({
      id: box.getAttribute('data-chart') ?? '',
      rendered: box.getAttribute('data-rendered'),
      marks: box.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > text, svg g.role-mark > g, svg g.role-mark > rect').length,
      hasGraphic: box.querySelector('svg, canvas') !== null,
    })),
  );
}
