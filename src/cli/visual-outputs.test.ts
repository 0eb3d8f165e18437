import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI_PATH, runCli } from '../test-support/run-cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const xss = fileURLToPath(new URL('./fixtures/xss/xss-tasks.csv', import.meta.url));
const demoFiles = [join(repo, 'data/demo/notebook.csv'), join(repo, 'data/demo/pythia.csv')];

/** Width and height from a PNG's IHDR chunk (throws when the bytes are not a PNG). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('scalegap analyze --html --md --charts', () => {
  it('writes the HTML report, the Markdown and a PNG for every chart it links', () => {
    const out = mkdtempSync(join(tmpdir(), 'scalegap-visual-'));
    const result = runCli(['analyze', ...demoFiles, xss, '--html', join(out, 'report.html'), '--md', join(out, 'docs', 'report.md'), '--charts', join(out, 'charts')]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.includes('&#60;img src=x onerror=alert(1)&#62;')).toBe(true);
    const markdown = readFileSync(join(out, 'docs', 'report.md'), 'utf8');
    const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]!);
    const pngs = readdirSync(join(out, 'charts')).sort();
    expect(links.length).toBe(pngs.length);
    expect(links.every((link) => link.startsWith('../charts/'))).toBe(true);
    for (const link of links) {
      const file = resolve(dirname(join(out, 'docs', 'report.md')), decodeURI(link));
      expect(existsSync(file), link).toBe(true);
      const { width, height } = pngSize(readFileSync(file));
      expect(width).toBeGreaterThan(400);
      expect(height).toBeGreaterThan(200);
    }
    expect(pngs).toContain('task-grid.png');
    // Untrusted names never reach the Markdown as raw HTML (escaped as \< or &lt;).
    expect(/(^|[^\\])<[a-z/!]/im.exec(markdown)).toBeNull();
  });

  it('writes nothing when the input is bad', () => {
    const out = mkdtempSync(join(tmpdir(), 'scalegap-visual-'));
    const result = runCli(['analyze', join(out, 'missing.csv'), '--html', join(out, 'report.html'), '--charts', join(out, 'charts')]);
    expect(result.status).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('needs a file name for --html and a known --chart-format', () => {
    const result = runCli(['analyze', '--html']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--html');
    const format = runCli(['analyze', '--charts', join(tmpdir(), 'never-written'), '--chart-format', 'gif']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--chart-format must be png, svg or both');
  });

  it('writes SVG charts too with --chart-format both', () => {
    const out = mkdtempSync(join(tmpdir(), 'scalegap-visual-'));
    const result = runCli(['analyze', xss, '--charts', join(out, 'charts'), '--chart-format', 'both']);
    expect(result.status).toBe(0);
    const files = readdirSync(join(out, 'charts')).sort();
    const svgs = files.filter((name) => name.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(3);
    expect(files.filter((name) => name.endsWith('.png')).map((name) => name.replace(/\.png$/, ''))).toEqual(svgs.map((name) => name.replace(/\.svg$/, '')));
    const svg = readFileSync(join(out, 'charts', svgs[0]!), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<img src=x');
  });
});

describe('lazy loading', () => {
  /** The vega/resvg modules a CLI run loads, logged by a module resolve hook. */
  function chartModulesLoaded(args: string[]): string[] {
    const hook = `export async function resolve(s, c, next) { const r = await next(s, c); if (/node_modules\\/(vega|@resvg)/.test(r.url)) process._rawDebug('LOADED ' + r.url); return r; }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, CLI_PATH, ...args], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return result.stderr.split('\n').filter((line) => line.startsWith('LOADED '));
  }

  it('loads vega and resvg only when charts are drawn', () => {
    const out = mkdtempSync(join(tmpdir(), 'scalegap-visual-'));
    expect(chartModulesLoaded(['analyze'])).toEqual([]);
    expect(chartModulesLoaded(['analyze', '--html', join(out, 'report.html')])).toEqual([]);
    const withCharts = chartModulesLoaded(['analyze', xss, '--charts', join(out, 'charts')]);
    expect(withCharts.some((line) => line.includes('/vega/'))).toBe(true);
    expect(withCharts.some((line) => line.includes('@resvg'))).toBe(true);
  });
});
