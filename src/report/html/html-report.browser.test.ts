import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { allCharts } from '../charts/build-charts.js';
import { loadHtmlAssets } from './html-assets.js';
import { renderHtmlReport } from './render-html-report.js';
import { chartStates, launchChromium, openAndWatch } from './test-support/open-report.js';

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('../charts/fixtures/analysis-fixture.json', import.meta.url), 'utf8')) as AnalysisResult;

describe('HTML report in real Chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const dir = mkdtempSync(join(tmpdir(), 'scalegap-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(fixture, loadHtmlAssets(), { sources: ['analysis-fixture.json'] }));
    url = pathToFileURL(file).href;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart, with no console error, no network request and no script from the data', async () => {
    const { page, log } = await openAndWatch(browser, url);
    const states = await chartStates(page);
    expect(states.map((state) => state.id).sort()).toEqual(allCharts(fixture).map((chart) => chart.id).sort());
    for (const state of states) {
      expect(state, state.id).toMatchObject({ rendered: 'true', hasGraphic: true });
      expect(state.marks, `${state.id} has drawn marks`).toBeGreaterThan(3);
    }
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    expect(log.requests).toEqual([url]);
    expect(log.dialogs).toEqual([]);
    // The payloads are shown as text, not parsed as markup.
    const headings = await page.$$eval('h2', (elements) => elements.map((element) => element.textContent));
    expect(headings).toContain('5. <img src=x onerror=alert(1)>');
    expect(headings).toContain('6. </script><script>alert(1)</script>');
    expect(await page.$$eval('main img', (images) => images.length)).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('report-desktop.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });

  it('shows a tooltip with the model and its interval on hover', async () => {
    const { page } = await openAndWatch(browser, url);
    const point = page.locator('[data-chart="task-1-gap"] g.mark-symbol.role-mark path').first();
    await point.scrollIntoViewIfNeeded();
    await point.hover();
    const tooltip = page.locator('#vg-tooltip-element');
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    const text = await tooltip.textContent();
    expect(text).toContain('model-1b');
    expect(text).toMatch(/95% CI/);
    await page.close();
  });

  it('fits a phone-sized screen without page-wide horizontal scrolling', async () => {
    const { page, log } = await openAndWatch(browser, url, { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(log.consoleErrors).toEqual([]);
    await page.screenshot({ path: new URL('report-phone.png', ARTIFACTS).pathname, fullPage: false });
    await page.close();
  });

  it('refuses to run a script that is not one of its own (CSP)', async () => {
    const { page, log } = await openAndWatch(browser, url);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.appendChild(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect(log.consoleErrors.join('\n')).toMatch(/Content Security Policy/);
    await page.close();
  });
});
