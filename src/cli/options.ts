import type { Verdict } from '../analysis/task-analysis.js';
import { usageError } from '../core/errors.js';
import { DEFAULT_MULTIPLICITY, type MultiplicityOptions } from '../analysis/adjust-verdicts.js';

export const VERDICTS: Verdict[] = ['insufficient', 'inverse', 'improving', 'decoupled', 'flat', 'inconclusive'];

/** A number flag that must be a fraction in (0, 1). */
export function parseFraction(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value >= 1) throw usageError(`${flag} must be a fraction between 0 and 1 (e.g. 0.05), not "${text}"`);
  return value;
}

/** `--fail-on a,b`: verdict names, validated. */
export function parseFailOn(text: string | undefined): Verdict[] {
  if (text === undefined) return [];
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!VERDICTS.includes(name as Verdict)) throw usageError(`--fail-on: unknown verdict "${name}"; expected some of ${VERDICTS.join(', ')}`);
  }
  return names as Verdict[];
}

/** A whole-number flag with a minimum. */
export function parseCount(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw usageError(`${flag} must be a whole number of at least ${minimum}, not "${text}"`);
  return value;
}

/**
 * The analysis flags shared by report and view (and analyze): δ, margin, bootstrap B and seed, and
 * the adjustment across tasks (Holm by default; `--fdr Q` Benjamini–Hochberg; `--no-adjust` none).
 */
export function parseAnalysisFlags(flags: { delta: string; margin: string; bootstrap?: string; seed?: string; fdr?: string; adjust?: boolean }): {
  delta: number; margin: number; resamples: number; seed: number; adjust: MultiplicityOptions;
} {
  if (flags.fdr !== undefined && flags.adjust === false) throw usageError('--fdr and --no-adjust exclude each other: choose one');
  return {
    delta: parseFraction('--delta', flags.delta),
    margin: parseFraction('--margin', flags.margin),
    resamples: parseCount('--bootstrap', flags.bootstrap ?? '2000', 100),
    seed: parseCount('--seed', flags.seed ?? '1', 0),
    adjust: flags.adjust === false ? { method: 'none', level: 0.05 }
      : flags.fdr !== undefined ? { method: 'bh', level: parseFraction('--fdr', flags.fdr) }
      : DEFAULT_MULTIPLICITY,
  };
}
