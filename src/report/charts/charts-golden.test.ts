import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { compile, type TopLevelSpec } from 'vega-lite';
import { allCharts } from './build-charts.js';
import { renderChartSvg } from './render-chart.js';
import { normalizeSvg } from './test-support/normalize-svg.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/analysis-fixture.json', import.meta.url), 'utf8')) as AnalysisResult;
const goldenDir = new URL('./golden/', import.meta.url);
const charts = allCharts(fixture);

/**
 * Golden files: every chart of the frozen analysis fixture, rendered headlessly, normalised. On a
 * mismatch the new rendering is written beside the old one as NAME.new.svg for review; to accept it,
 * move it over the golden file (or run with UPDATE_GOLDEN=1).
 */
describe('chart SVG golden files', () => {
  it('draws every kind of chart from the fixture', () => {
    const kinds = new Set(charts.map((chart) => chart.id.replace(/^task-\d+-/, '')));
    expect([...kinds].sort()).toEqual(['gap', 'recommendation', 'reliability', 'scaling-paradox', 'task-grid']);
  });

  it.each(charts.map((chart) => [chart.id, chart] as const))('%s matches its golden SVG', async (id, chart) => {
    const svg = normalizeSvg(await renderChartSvg(chart.spec));
    const goldenUrl = new URL(`${id}.svg`, goldenDir);
    const newUrl = new URL(`${id}.new.svg`, goldenDir);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenUrl, svg);
    if (!existsSync(goldenUrl)) {
      writeFileSync(newUrl, svg);
      throw new Error(`No golden file for ${id}: wrote ${newUrl.pathname}; review it and rename it to ${id}.svg`);
    }
    const golden = readFileSync(goldenUrl, 'utf8');
    if (golden !== svg) writeFileSync(newUrl, svg);
    else rmSync(newUrl, { force: true });
    expect(svg, `${id} differs from its golden file; the new rendering is in ${id}.new.svg`).toBe(golden);
  });

  it('compiles every spec without a Vega-Lite warning', () => {
    for (const chart of charts) {
      const warnings: string[] = [];
      const logger = {
        level: () => logger,
        error: (...args: unknown[]) => (warnings.push(`error: ${args.join(' ')}`), logger),
        warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
        info: () => logger,
        debug: () => logger,
      };
      compile(chart.spec as unknown as TopLevelSpec, { logger: logger as never });
      expect(warnings, chart.id).toEqual([]);
    }
  });

  it('renders the same SVG twice (deterministic)', async () => {
    const chart = charts[0]!;
    expect(await renderChartSvg(chart.spec)).toBe(await renderChartSvg(chart.spec));
  });
});
