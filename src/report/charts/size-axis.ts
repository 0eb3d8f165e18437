import { formatParams } from '../../core/params.js';

/**
 * Tick values for a log-scaled parameter-count axis: every power of ten inside the data range,
 * with 2× and 5× steps added when the range spans fewer than two decades, and the range's ends
 * when no tick would fall inside it. Deterministic, so golden files stay stable.
 */
export function sizeTicks(params: number[]): number[] {
  const finite = params.filter((value) => Number.isFinite(value) && value > 0);
  if (finite.length === 0) return [];
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const decades: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) decades.push(exponent);
  const steps = Math.log10(high / low) < 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (const exponent of decades) {
    for (const step of steps) {
      const value = Number((step * 10 ** exponent).toPrecision(6));
      if (value >= low / 1.0001 && value <= high * 1.0001) ticks.push(value);
    }
  }
  if (ticks.length < 2) return [...new Set([low, ...ticks, high])].sort((a, b) => a - b);
  return ticks;
}

/** Vega expression that labels a parameter count like 70M, 1.4B (SI "G" spelled "B"). */
export const SIZE_LABEL_EXPR = "replace(format(datum.value, '~s'), 'G', 'B')";

/** A log-scaled x encoding of parameter counts, padded a little beyond the data. */
export function sizeEncoding(params: number[], title = 'Model size (parameters, log scale)'): Record<string, unknown> {
  const finite = params.filter((value) => Number.isFinite(value) && value > 0);
  const low = finite.length > 0 ? Math.min(...finite) : 1;
  const high = finite.length > 0 ? Math.max(...finite) : 10;
  const pad = Math.max(Math.log10(high / low) * 0.06, 0.05);
  return {
    field: 'params',
    type: 'quantitative',
    scale: { type: 'log', domain: [round(low / 10 ** pad), round(high * 10 ** pad)], nice: false },
    axis: { title, values: sizeTicks(finite), labelExpr: SIZE_LABEL_EXPR, grid: true },
  };
}

/** Human label for a parameter count (tooltips). */
export function sizeLabel(params: number): string {
  return formatParams(params);
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
