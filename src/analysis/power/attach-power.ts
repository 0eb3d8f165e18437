import type { AnalysisResult } from '../analyze.js';
import { taskPower } from './task-power.js';

/** Adds `power` (minimum detectable slope, items/sizes to settle, signal-to-noise) to every task. */
export function attachPower(result: AnalysisResult, delta: number): AnalysisResult {
  return { ...result, tasks: result.tasks.map((task) => ({ ...task, power: taskPower(task, delta) })) };
}
