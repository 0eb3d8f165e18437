import { fileURLToPath } from 'node:url';
import type { Measurement } from '../core/measurement.js';
import { readMeasurements, type InputSummary } from './read-measurements.js';

const demoFile = (name: string): string => fileURLToPath(new URL(`../../data/demo/${name}`, import.meta.url));

/** Provenance of each embedded demo file, shown in every report of the demo. */
const DEMO_NOTES: Record<string, string> = {
  'notebook.csv': "the course notebook's own example figures (simulated)",
  'pythia.csv': 'EleutherAI/pythia evals, lm-evaluation-harness v0.3, Apache-2.0',
};

/**
 * The embedded demo: the notebook's example tasks plus real published zero-shot results of the
 * Pythia suite (70M–12B parameters).
 */
export function readDemoMeasurements(): { measurements: Measurement[]; inputs: Array<InputSummary & { note: string }> } {
  const files = Object.keys(DEMO_NOTES);
  const { measurements, inputs } = readMeasurements(files.map(demoFile), { accuracyMetric: 'acc' });
  return {
    measurements,
    inputs: inputs.map((input, i) => ({ ...input, file: `demo/${files[i]!}`, note: DEMO_NOTES[files[i]!]! })),
  };
}
