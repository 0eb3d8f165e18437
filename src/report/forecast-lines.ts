import type { Forecast } from '../analysis/forecast/forecast-types.js';
import type { TaskAnalysis } from '../analysis/task-analysis.js';
import { formatParams } from '../core/params.js';
import { formatPercent, formatPp } from './format-numbers.js';

const title = (task: TaskAnalysis): string => `${task.task}${task.family ? ` · ${task.family}` : ''}`;
const pct = (fraction: number): string => (fraction * 100).toFixed(1);

function backtestText(forecast: Forecast): string {
  const backtest = forecast.backtest;
  if (!backtest) return `no back-test (${forecast.backtestNote ?? 'not possible'})`;
  const verdict = backtest.covered ? 'inside its interval' : 'MISSED its own interval: treat this forecast with suspicion';
  return `back-test at ${formatParams(backtest.params)}: predicted ${formatPercent(backtest.accuracy.predicted)} [${pct(backtest.accuracy.low)}, ${pct(backtest.accuracy.high)}] vs observed ${formatPercent(backtest.accuracy.observed)}, error ${formatPp(backtest.accuracy.error)} pp, ${verdict}`;
}

/** One plain line per forecast of a task (or the reason there is none); empty without `--forecast`. */
export function forecastLines(task: TaskAnalysis): string[] {
  if (task.forecasts === undefined) return [];
  const lines = task.forecasts.map((forecast) => {
    const size = `${formatParams(forecast.params)}${forecast.tokens !== null ? `@${formatParams(forecast.tokens)} tokens` : ''}`;
    const level = `${Math.round(forecast.level * 100)}%`;
    const loss = forecast.loss ? `, task loss ${forecast.loss.estimate.toFixed(3)} [${forecast.loss.low.toFixed(3)}, ${forecast.loss.high.toFixed(3)}] nats` : '';
    const notes = forecast.notes.length > 0 ? ` (${forecast.notes.join('; ')})` : '';
    return `${title(task)} at ${size}: accuracy ${formatPercent(forecast.accuracy.estimate)} [${pct(forecast.accuracy.low)}, ${pct(forecast.accuracy.high)}] (${level} prediction interval)${loss}, ${forecast.method}; ${backtestText(forecast)}${notes}`;
  });
  if (task.forecastNote) lines.push(`${title(task)}: ${task.forecastNote}`);
  return lines;
}

/** One line on the power of a task's accuracy trend (null when not computed). */
export function powerLine(task: TaskAnalysis): string | null {
  const power = task.power;
  if (!power) return null;
  const parts = [`minimum detectable slope ${power.minimumDetectableSlope !== null ? (power.minimumDetectableSlope * 100).toFixed(1) : "–"} pp/decade at ${Math.round(power.power * 100)}% power`];
  if (power.signalToNoise !== null) parts.push(`signal-to-noise ${power.signalToNoise.toFixed(1)}`);
  if (task.verdict === 'inconclusive') {
    const settle = [power.itemsNeeded !== null ? `${power.itemsNeeded} items per model` : null, power.sizesNeeded !== null ? `${power.sizesNeeded} more sizes at the ends of the range` : null].filter(Boolean).join(' or ');
    parts.push(settle ? `to show ${power.settles === 'flat' ? 'it is flat' : 'the trend'}: ${settle}` : power.note ?? 'more data cannot settle it');
  }
  return `Power: ${parts.join(' · ')}.`;
}
