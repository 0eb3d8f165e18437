import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze.js';
import { analyzeBrittleness } from '../analysis/brittleness/analyze-brittleness.js';
import { attachBrittleness, brittleSentence } from '../analysis/brittleness/attach-brittleness.js';
import type { VariantObservation } from '../analysis/brittleness/variant-observation.js';
import { emptyMeasurement } from '../core/measurement.js';
import { renderJsonReport } from './json-report.js';
import { brittlenessMarkdown } from './brittleness-text.js';
import { renderTerminalReport } from './terminal-report.js';

const { rows } = JSON.parse(readFileSync(new URL('../analysis/brittleness/fixtures/brittleness-reference.json', import.meta.url), 'utf8')) as { rows: VariantObservation[] };

function result() {
  const measurements = [['s', 1e8, 0.6], ['m', 1e9, 0.6], ['l', 1e10, 0.6]].map(([model, params, accuracy]) => ({
    ...emptyMeasurement('t', model as string, params as number), accuracy: accuracy as number, n: 40,
  }));
  return analyze(measurements);
}

describe('brittleness in the reports', () => {
  const brittleness = analyzeBrittleness(rows, { resamples: 200, seed: 1, delta: 0.05 });

  it('says how often the recommended model is right and how often an option reordering changes its answer', () => {
    const small = brittleness[0]!.models[0]!;
    expect(brittleSentence(small)).toBe(
      `s is right ${Math.round(small.baseAccuracy!.estimate * 100)}% of the time, but changes its answer under option reordering on ${Math.round(small.flipRateByKind.options! * 100)}% of items (right under every version: ${Math.round(small.strictAccuracy!.estimate * 100)}%).`,
    );
    expect(brittleSentence({ ...small, flipRateByKind: { options: 0.05, labels: 0.02 } })).toBeNull();
    const analysis = attachBrittleness(result(), brittleness);
    const task = analysis.tasks[0]!;
    expect(task.recommendation.model).toBe('s');
    expect(task.recommendation.reason).toContain('but changes its answer under option reordering on');
    expect(JSON.parse(renderJsonReport(analysis)).tasks[0].brittleness.brittleness).toBe('shrinking');
  });

  it('adds a terminal column only when some task has versions, and a Markdown section', () => {
    expect(renderTerminalReport(result(), { color: false, verbose: false })).not.toContain('BRITTLENESS');
    const analysis = attachBrittleness(result(), brittleness);
    const consistency = brittleness[0]!.models.map((model) => Math.round(model.consistency!.estimate * 100));
    expect(renderTerminalReport(analysis, { color: false, verbose: false })).toMatch(new RegExp(`BRITTLENESS \\(consistency\\)[\\s\\S]*shrinking ${consistency[0]}→${consistency[2]}%`));
    const markdown = brittlenessMarkdown(analysis.tasks[0]!).join('\n');
    expect(markdown).toContain('Prompt brittleness: **shrinking** (40 base items; templates qa, plain');
    expect(markdown).toContain('| s (100M) |');
  });
});

describe('brittleness charts', () => {
  it('draws consistency, strict and plain accuracy with intervals, and the position bias, as valid Vega-Lite', async () => {
    const { brittlenessChart, positionBiasChart } = await import('./charts/brittleness-chart.js');
    const { renderChartSvg } = await import('./charts/render-chart.js');
    const task = attachBrittleness(result(), analyzeBrittleness(rows, { resamples: 200, seed: 1, delta: 0.05 })).tasks[0]!;
    expect(brittlenessChart(result().tasks[0]!, 'x')).toBeNull();
    const chart = brittlenessChart(task, 'task-1-brittleness')!;
    const values = (chart.spec.data as { values: Array<{ series: string; model: string; value: number; low: number }> }).values;
    expect(values).toHaveLength(9);
    const consistency = values.find((value) => value.model === 's' && value.series === 'consistency')!;
    expect(consistency.value).toBe(task.brittleness!.models[0]!.consistency!.estimate);
    expect(consistency.low).toBe(task.brittleness!.models[0]!.consistency!.low);
    for (const built of [chart, positionBiasChart(task, 'task-1-position-bias')!]) expect(await renderChartSvg(built.spec)).toMatch(/^<svg/);
  }, 60_000);
});
