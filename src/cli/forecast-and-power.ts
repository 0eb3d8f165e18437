import type { AnalysisResult } from '../analysis/analyze.js';
import { attachForecasts } from '../analysis/forecast/attach-forecasts.js';
import { attachPower } from '../analysis/power/attach-power.js';
import { parseForecastFlag } from './parse-forecast-flag.js';

/**
 * Parses `--forecast` up front (a bad value exits 2 before anything is read) and returns the step
 * that adds power figures to every task and, when asked, forecasts.
 */
export function forecastAndPower(forecast: string | undefined, delta: number, seed: number): (result: AnalysisResult) => AnalysisResult {
  const targets = forecast !== undefined ? parseForecastFlag(forecast) : null;
  return (result) => {
    const withPower = attachPower(result, delta);
    return targets ? attachForecasts(withPower, targets, { seed }) : withPower;
  };
}
