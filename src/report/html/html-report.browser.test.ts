import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { allCharts } from '../charts/build-charts.js';
import { loadHtmlAssets } from './html-assets.js';
import { renderHtmlReport } from './render-html-report.js';
import { chartStates, launchChromium, openAndWatch, type PageLog } from './test-support/open-report.js';
import { runCli } from '../../test-support/run-cli.js';

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('../charts/fixtures/analysis-fixture.json', import.meta.url), 'utf8')) as AnalysisResult;

/**
 * The HTML report of the analysis fixture (the notebook's tasks, item-level extras, and two tasks
 * named with XSS payloads) opened from a file in Debian's Chromium. Tests run in order on one page.
 */
describe('HTML report in real Chromium', () => {
  let browser: Browser;
  let url: string;
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    browser = await launchChromium();
    const dir = mkdtempSync(join(tmpdir(), 'scalegap-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(fixture, loadHtmlAssets(), { sources: ['analysis-fixture.json'] }));
    url = pathToFileURL(file).href;
    ({ page, log } = await openAndWatch(browser, url));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart as an SVG with marks', async () => {
    const states = await chartStates(page);
    expect(states.map((state) => state.id).sort()).toEqual(allCharts(fixture).map((chart) => chart.id).sort());
    for (const state of states) {
      expect(state, state.id).toMatchObject({ rendered: 'true', hasGraphic: true });
      expect(state.marks, `${state.id} has drawn marks`).toBeGreaterThan(3);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('report-desktop.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('logs no console error and makes no network request', () => {
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
  });

  it('shows the XSS payloads as text and runs none of them', async () => {
    expect(log.dialogs).toEqual([]);
    const headings = await page.$$eval('h2', (elements) => elements.map((element) => element.textContent));
    expect(headings).toContain('5. <img src=x onerror=alert(1)>');
    expect(headings).toContain('6. </script><script>alert(1)</script>');
    expect(await page.$$eval('main img', (images) => images.length)).toBe(0);
    const gridText = await page.$$eval('[data-chart="task-grid"] svg text', (texts) => texts.map((text) => text.textContent ?? '').join('\n'));
    expect(gridText).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows a tooltip with the model and its interval on hover', async () => {
    const point = page.locator('[data-chart="task-1-gap"] g.mark-symbol.role-mark path').first();
    await point.scrollIntoViewIfNeeded();
    await point.hover();
    const tooltip = page.locator('#vg-tooltip-element');
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tooltip.textContent();
    expect(text).toContain('model-1b');
    expect(text).toMatch(/95% CI/);
  });

  it('refuses to run a script that is not one of its own (CSP)', async () => {
    const before = log.consoleErrors.length;
    const ran = await page.evaluate<boolean>(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.appendChild(script);
      return window.__injected === true;
    })()`);
    expect(ran).toBe(false);
    expect(log.consoleErrors.slice(before).join('\n')).toMatch(/Content Security Policy/);
  });

  it('fits a phone-sized screen: only tables and charts scroll sideways', async () => {
    const phone = await openAndWatch(browser, url, { width: 390, height: 844 });
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(phone.log.consoleErrors).toEqual([]);
    await phone.page.screenshot({ path: new URL('report-phone.png', ARTIFACTS).pathname });
    await phone.page.close();
  });
});

/**
 * The report the built CLI writes for the embedded demo's data (the notebook examples and the
 * published Pythia results) plus a file of tasks and models named with XSS payloads.
 */
describe('HTML report of the embedded demo, written by the CLI, in real Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart, logs no error, requests nothing and runs no payload', async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'scalegap-demo-html-'));
    const file = join(out, 'demo.html');
    const cli = runCli(['analyze', join(repo, 'data/demo/notebook.csv'), join(repo, 'data/demo/pythia.csv'), join(repo, 'src/cli/fixtures/xss/xss-tasks.csv'), '--html', file]);
    expect(cli.status, cli.stderr).toBe(0);
    const url = pathToFileURL(file).href;
    const { page, log } = await openAndWatch(browser, url);
    const states = await chartStates(page);
    expect(states.length).toBeGreaterThan(20);
    for (const state of states) {
      expect(state, state.id).toMatchObject({ rendered: 'true', hasGraphic: true });
      expect(state.marks, `${state.id} has drawn marks`).toBeGreaterThan(3);
    }
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
    expect(log.dialogs).toEqual([]);
    const headings = await page.$$eval('h2', (elements) => elements.map((element) => element.textContent ?? ''));
    expect(headings.some((heading) => heading.endsWith('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(headings.some((heading) => heading.endsWith('</script><script>alert(1)</script>'))).toBe(true);
    expect(await page.$$eval('main img, main svg[onload]', (elements) => elements.length)).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('demo-report.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });
});
