import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chartStates, launchChromium, openAndWatch } from '../report/html/test-support/open-report.js';
import { CLI_PATH } from '../test-support/run-cli.js';
import { writeStore } from './test-support/write-store.js';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/** `scalegap view` on a real store, browsed in Debian's Chromium from the index to a run's report. */
describe('scalegap view in real Chromium', () => {
  let browser: Browser;
  let child: ChildProcessWithoutNullStreams | undefined;
  let url = '';

  beforeAll(async () => {
    browser = await launchChromium();
    child = spawn(process.execPath, [CLI_PATH, 'view', '--db', writeStore(), '--port', '0'], { stdio: 'pipe' });
    const view = child;
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      view.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/\S+\/)/.exec(output);
        if (match) resolve(match[1]!);
      });
      view.on('exit', (code) => reject(new Error(`view exited (${code}): ${output}`)));
    });
  });
  afterAll(async () => {
    child?.kill('SIGINT');
    await browser?.close();
  });

  it('lists the run and opens its report with every chart drawn, no error and no outside request', async () => {
    const index = await openAndWatch(browser, url, { width: 1100, height: 800 }, { waitForCharts: false });
    await index.page.click('a[href="/runs/1"]');
    await index.page.waitForSelector('html[data-charts-done="true"]', { timeout: 30_000 });
    const states = await chartStates(index.page);
    expect(states.length).toBeGreaterThan(3);
    for (const state of states) expect(state, state.id).toMatchObject({ rendered: 'true', hasGraphic: true });
    expect(index.log.consoleErrors).toEqual([]);
    expect(index.log.pageErrors).toEqual([]);
    expect(index.log.dialogs).toEqual([]);
    expect(index.log.requests).toEqual([url, new URL('/runs/1', url).href]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await index.page.screenshot({ path: new URL('view-run.png', ARTIFACTS).pathname });
    await index.page.close();
  });
});
