import type { AnalysisResult } from '../analyze.js';
import { forecastTask, DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './forecast-task.js';
import type { ForecastTarget } from './forecast-types.js';

/** Adds `forecasts` (and `forecastNote`) to every task of an analysis. */
export function attachForecasts(result: AnalysisResult, targets: ForecastTarget[], options: Partial<ForecastOptions> = {}): AnalysisResult {
  const resolved = { ...DEFAULT_FORECAST_OPTIONS, ...options };
  return {
    ...result,
    tasks: result.tasks.map((task) => {
      const points = task.models
        .filter((m) => m.accuracy !== null)
        .map((m) => ({ model: m.model, params: m.params, tokens: m.tokens ?? null, accuracy: m.accuracy!, loss: m.loss }));
      const { forecasts, note } = forecastTask(points, task.chance ?? 0, targets, resolved);
      return { ...task, forecasts, forecastNote: note };
    }),
  };
}
