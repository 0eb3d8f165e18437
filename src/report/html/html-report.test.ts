import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { escapeHtml, jsonForScript, scriptSafe } from './escape-html.js';
import { loadHtmlAssets } from './html-assets.js';
import { renderHtmlReport } from './render-html-report.js';

const fixture = JSON.parse(readFileSync(new URL('../charts/fixtures/analysis-fixture.json', import.meta.url), 'utf8')) as AnalysisResult;
const assets = loadHtmlAssets();
const html = renderHtmlReport(fixture, assets, { sources: ['a <b>.csv'], version: '0.1.0' });

describe('escaping', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeHtml(`<img src=x onerror="a('1')">&`)).toBe('&#60;img src=x onerror=&#34;a(&#39;1&#39;)&#34;&#62;&#38;');
  });

  it('writes JSON that cannot close a script element and parses back unchanged', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- x -->', separators: '\u2028\u2029', amp: 'a&b' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<|>|\u2028|\u2029/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('leaves the bundled vega builds unchanged (they hold no </script or <!--)', () => {
    for (const source of [assets.vega, assets.vegaLite, assets.vegaEmbed]) expect(scriptSafe(source)).toBe(source);
    expect(scriptSafe('var s = "</script>";')).toBe('var s = "\\x3C/script>";');
  });
});

describe('HTML report', () => {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  /** The report without its inline scripts: the markup that the data went into. */
  const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
  const find = (pattern: RegExp): string | null => pattern.exec(markup)?.[0] ?? null;

  it('is one file with the vega builds inlined and no reference to anything outside it', () => {
    expect(scripts).toHaveLength(4);
    expect(scripts[1]).toBe(assets.vegaLite);
    expect(find(/<script[^>]+src=|<link\b|<img\b|<iframe\b|@import|url\(/i)).toBeNull();
  });

  it('allows exactly its own inline scripts by hash in its Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBeDefined();
    const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
    expect(csp).toContain(`script-src ${hashes.join(' ')};`);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('shows untrusted names only as escaped text', () => {
    expect(find(/<img src=x/)).toBeNull();
    expect(find(/<b>/)).toBeNull();
    expect(markup.includes('&#60;img src=x onerror=alert(1)&#62;')).toBe(true);
    expect(markup.includes('&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;')).toBe(true);
    expect(markup.includes('a &#60;b&#62;.csv')).toBe(true);
    const specs = /<script type="application\/json" id="scalegap-chart-specs">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(/<\/script/i.test(specs!)).toBe(false);
    expect(JSON.stringify(JSON.parse(specs!))).toContain('</script><script>alert(1)</script>');
  });

  it('has the summary, a section per task, methods and provenance', () => {
    const ids = [...markup.matchAll(/<section id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(['summary', ...fixture.tasks.map((_, index) => `task-${index + 1}`), 'methods', 'provenance']);
    expect(markup.includes('ccg = loss_slope / accuracy_slope')).toBe(true);
  });
});

describe('HTML report: item-level tables', () => {
  const section = (id: string): string => html.split(`<section id="${id}"`)[1]!.split('</section>')[0]!;

  it('shows calibration and curve fits where the analysis has them, and only there', () => {
    const compositional = section('task-4');
    expect(compositional).toContain('<h3>Calibration (item-level, 95% bootstrap intervals)</h3>');
    expect(compositional).toContain('<td class="num">5.0% [3.5, 6.5]</td>');
    expect(compositional).toContain('<h3>Curve fits across sizes</h3>');
    expect(compositional).toContain('linear-log (chosen)');
    expect(compositional).toContain('not identified');
    expect(section('task-1')).not.toContain('Calibration (item-level');
    expect(section('task-1')).not.toContain('Curve fits');
  });
});

describe('HTML report size', () => {
  it('stays under 2 MB for 20 tasks × 10 models', async () => {
    const { analyze } = await import('../../analysis/analyze.js');
    const { emptyMeasurement } = await import('../../core/measurement.js');
    const sizes = [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10, 3e10, 7e10];
    const rows = Array.from({ length: 20 }, (_, t) =>
      sizes.map((params, m) => {
        const accuracy = 0.3 + 0.04 * m + ((t * 7 + m * 3) % 5) * 0.01;
        return { ...emptyMeasurement(`a task with a realistic name ${t}`, `model-family-${m}`, params), accuracy, accuracyPct: accuracy * 100, loss: 3 - 0.1 * m, confidence: accuracy + 0.1, confidencePct: (accuracy + 0.1) * 100, n: 1000, chance: 0.25 };
      }),
    ).flat();
    const bytes = Buffer.byteLength(renderHtmlReport(analyze(rows), assets));
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });
});
