import type { Measurement } from '../core/measurement.js';
import type { LabManifest } from './lab-manifest.js';

/** How far the engine's figures are from the PyTorch figures the manifest recorded after training. */
export interface LabFigureCheck {
  compared: number;
  maxAccuracyDiff: number;
  maxLossDiff: number;
  maxConfidenceDiff: number;
}

/** Compares aggregate measurements with the manifest's evaluation figures (task × model pairs present in both). */
export function checkLabFigures(measurements: Measurement[], manifest: LabManifest): LabFigureCheck {
  const check: LabFigureCheck = { compared: 0, maxAccuracyDiff: 0, maxLossDiff: 0, maxConfidenceDiff: 0 };
  for (const row of measurements) {
    const figures = manifest.models.find((model) => model.model === row.model)?.evaluation[row.task];
    if (!figures || row.accuracy === null || row.loss === null || row.confidence === null) continue;
    check.compared += 1;
    check.maxAccuracyDiff = Math.max(check.maxAccuracyDiff, Math.abs(row.accuracy - figures.accuracy));
    check.maxLossDiff = Math.max(check.maxLossDiff, Math.abs(row.loss - figures.loss));
    check.maxConfidenceDiff = Math.max(check.maxConfidenceDiff, Math.abs(row.confidence - figures.confidence));
  }
  return check;
}
