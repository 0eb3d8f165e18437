import { planItems, type PlanInput } from '../../analysis/power/plan-items.js';
import { usageError } from '../../core/errors.js';
import { formatParams, parseParams } from '../../core/params.js';
import { parseFraction } from '../options.js';

export interface PlanFlags {
  models: string;
  effect: string;
  accuracy: string;
  power: string;
  delta: string;
  scatter: string;
  json?: boolean;
}

/** A size in accuracy points: `3pp`, or a fraction such as 0.03; `zero` allows 0. */
export function parsePoints(flag: string, text: string, zero = false): number {
  const match = /^\s*([0-9]*\.?[0-9]+)\s*(pp)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!(value < 1) || !(zero ? value >= 0 : value > 0)) {
    throw usageError(`${flag} must be accuracy points such as 3pp or a fraction such as 0.03, not "${text}"`);
  }
  return value;
}

function parseModels(text: string): number[] {
  const params = text.split(',').map((part) => {
    const value = parseParams(part);
    if (value === null) throw usageError(`--models: "${part.trim()}" is not a size; expected counts such as 1b,3b,8b,70b`);
    return value;
  });
  if (new Set(params).size < 3) throw usageError('--models needs at least 3 different sizes: a trend needs a residual interval (df = k − 2 ≥ 1)');
  return params.sort((a, b) => a - b);
}

const pp = (fraction: number): string => `${(fraction * 100).toFixed(1)} pp`;

/** Prints how many items per model the analysis's verdicts need (DESIGN.md section 3). */
export function planAction(flags: PlanFlags): void {
  const input: PlanInput = {
    params: parseModels(flags.models),
    effect: parsePoints('--effect', flags.effect),
    accuracy: parseFraction('--accuracy', flags.accuracy),
    power: parseFraction('--power', flags.power),
    delta: parsePoints('--delta', flags.delta),
    scatter: parsePoints('--scatter', flags.scatter, true),
  };
  const plan = planItems(input);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...input, ...plan }, null, 2)}\n`);
    return;
  }
  const count = (n: number | null): string => (n === null ? 'not reachable with items alone' : `${n} items per model`);
  const lines = [
    `Plan: ${plan.sizes} sizes (${input.params.map(formatParams).join(', ')}; ${plan.decades.toFixed(2)} decades), expected accuracy ${(input.accuracy * 100).toFixed(0)}%, ${(input.power * 100).toFixed(0)}% power${input.scatter > 0 ? `, scatter of models ${pp(input.scatter)}` : ''}`,
    `  to detect a slope of ${pp(input.effect)}/decade (improving or inverse; 95% interval excludes 0): ${count(plan.itemsForTrend)}`,
    `  to show a flat task is flat (true slope 0; 90% interval inside ±${pp(input.delta)}/decade): ${count(plan.itemsForFlat)}`,
    `  (a textbook z-test says ${plan.itemsTextbook} for the trend; scalegap's verdict also needs the interval from the scatter of the models, t with ${plan.sizes - 2} df)`,
    ...plan.notes.map((note) => `  note: ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
