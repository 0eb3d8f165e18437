import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { analyze } from '../../analysis/analyze.js';
import { attachForecasts } from '../../analysis/forecast/attach-forecasts.js';
import { pythiaLadder } from '../../analysis/forecast/fixtures/pythia-ladder.js';
import { emptyMeasurement } from '../../core/measurement.js';
import { forecastChart } from './forecast-chart.js';
import { renderChartSvg } from './render-chart.js';

const { points } = pythiaLadder('lambada_openai');
const rows = points.map((p) => ({ ...emptyMeasurement('lambada_openai', p.model, p.params), accuracy: p.accuracy, accuracyPct: p.accuracy * 100, loss: p.loss }));
const plain = analyze(rows).tasks[0]!;
const forecast = attachForecasts(analyze(rows), [{ params: 6.9e9, tokens: null }, { params: 12e9, tokens: null }], { resamples: 200 }).tasks[0]!;

describe('forecastChart', () => {
  it('is absent without forecasts', () => {
    expect(forecastChart(plain, 'f')).toBeNull();
  });

  it('draws the measured models, the curve past them with its band, and the targets with their intervals', async () => {
    const chart = forecastChart(forecast, 'task-1-forecast')!;
    const values = (chart.spec.data as { values: Array<{ kind: string; params: number; low?: number; high?: number }> }).values;
    expect(values.filter((v) => v.kind === 'model')).toHaveLength(6);
    const targets = values.filter((v) => v.kind === 'target');
    expect(targets.map((v) => v.params)).toEqual([6.9e9, 12e9]);
    const curve = values.filter((v) => v.kind === 'curve');
    expect(Math.min(...curve.map((v) => v.params))).toBeCloseTo(points[0]!.params, -3);
    expect(Math.max(...curve.map((v) => v.params))).toBeGreaterThan(12e9);
    for (const v of curve) expect(v.low!).toBeLessThanOrEqual(v.high!);
    const warnings: string[] = [];
    const logger = { level: () => logger, error: (...a: unknown[]) => (warnings.push(a.join(' ')), logger), warn: (...a: unknown[]) => (warnings.push(a.join(' ')), logger), info: () => logger, debug: () => logger };
    compile(chart.spec as unknown as TopLevelSpec, { logger: logger as never });
    expect(warnings).toEqual([]);
    expect(await renderChartSvg(chart.spec)).toContain('Forecast: lambada_openai');
  });
});
