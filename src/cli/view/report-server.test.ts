import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { loadHtmlAssets } from '../../report/html/html-assets.js';
import { htmlReportWithCsp } from '../../report/html/render-html-report.js';
import { isLoopbackHost } from './is-loopback.js';
import type { ReportCatalog } from './report-catalog.js';
import { startReportServer, type RunningReportServer } from './report-server.js';

const fixture = JSON.parse(readFileSync(new URL('../../report/charts/fixtures/analysis-fixture.json', import.meta.url), 'utf8')) as AnalysisResult;

/** A catalog of two runs in memory (the store-backed one is tested through `scalegap view`). */
const catalog: ReportCatalog = {
  list: () => [
    { id: 'run/2', label: '<b>second</b> run', status: 'complete' },
    { id: 'run-1', label: 'first run' },
  ],
  analysis: (id) => (id === 'run/2' || id === 'run-1' ? { result: fixture, meta: { runId: id } } : null),
};

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (so the Host header can be set), to the server's own port. */
function get(url: string, options: { path?: string; host?: string; method?: string } = {}): Promise<Reply> {
  const target = new URL(options.path ?? '/', url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('report server (real HTTP on 127.0.0.1)', () => {
  let server: RunningReportServer;

  beforeAll(async () => {
    const assets = loadHtmlAssets();
    server = await startReportServer({
      catalog,
      host: '127.0.0.1',
      port: 0,
      source: 'memory',
      renderHtml: (id) => {
        const stored = catalog.analysis(id);
        return stored ? htmlReportWithCsp(stored.result, assets, stored.meta) : null;
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the runs with escaped labels and links to each', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get(server.url);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.body).toContain('&#60;b&#62;second&#60;/b&#62; run');
    expect(index.body).toContain('href="/runs/run%2F2"');
  });

  it('serves a run as the HTML report with its CSP as a header, and as JSON', async () => {
    const page = await get(server.url, { path: '/runs/run%2F2' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<section id="task-1"');
    const json = await get(server.url, { path: '/runs/run-1/analysis.json' });
    expect(json.status).toBe(200);
    expect((JSON.parse(json.body) as AnalysisResult).tasks).toHaveLength(fixture.tasks.length);
  });

  it('answers 404 for unknown runs and pages, 405 for other methods', async () => {
    expect((await get(server.url, { path: '/runs/nope' })).status).toBe(404);
    expect((await get(server.url, { path: '/etc/passwd' })).status).toBe(404);
    expect((await get(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    expect((await get(server.url, { host: `evil.example:${port}` })).status).toBe(421);
    expect((await get(server.url, { host: `localhost:${port}` })).status).toBe(200);
  });
});

describe('isLoopbackHost', () => {
  it('accepts only addresses this machine alone can reach', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
