/**
 * `npm run mutants [-- name ...]`: applies each deliberate error of issue 12 to the source, one at a
 * time, runs the test files that must notice it, restores the file, and reports whether the error
 * was caught (a test failed). Exits 1 when any mutant survives. Runs sequentially (CPU is shared):
 * pass mutant names to run only those, `--list` to list them, `--check` to verify each applies.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  name: string;
  file: string;
  find: string;
  replace: string;
  tests: string[];
  /** Replace every occurrence (default: the text must occur exactly once). */
  all?: boolean;
}

const A = 'src/analysis/';
const MUTANTS: Mutant[] = [
  { name: 'equivalence-at-80', file: `${A}items/analyze-items.ts`, find: 'pairedSlope(boot, 0, METRIC.accuracy, 0.9)', replace: 'pairedSlope(boot, 0, METRIC.accuracy, 0.8)', tests: [`${A}items/interval-definitions.test.ts`] },
  { name: 'calibration-without-bias-shift', file: `${A}items/calibration-summary.ts`, find: 'let low = Math.max(min, interval.low - bias);\n    const high = Math.min(max, interval.high - bias);', replace: 'let low = Math.max(min, interval.low);\n    const high = Math.min(max, interval.high);', tests: [`${A}items/calibration-intervals.sim.test.ts`] },
  { name: 'calibration-without-null-test', file: `${A}items/calibration-summary.ts`, find: 'if (p >= 0.05) low = 0;', replace: '', tests: [`${A}items/calibration-intervals.sim.test.ts`] },
  { name: 'cascade-without-clopper-pearson', file: `${A}items/cascade.ts`, find: 'const upper = clopperPearson(harm, calibration.length, 0.05).upper;', replace: 'const upper = harm / calibration.length;', tests: [`${A}items/cascade.test.ts`] },
  { name: 'cascade-checked-on-tuning-items', file: `${A}items/cascade.ts`, find: 'for (const i of test) {', replace: 'for (const i of calibration) {', tests: [`${A}items/cascade.test.ts`] },
  { name: 'non-inferiority-at-90-items', file: `${A}items/recommend-items.ts`, find: 'return percentileOfSorted(differences.sort(), 95);', replace: 'return percentileOfSorted(differences.sort(), 90);', tests: [`${A}items/interval-definitions.test.ts`] },
  { name: 'non-inferiority-at-90-aggregate', file: `${A}recommend-aggregate.ts`, find: 'const z = standardNormalQuantile(0.95);', replace: 'const z = standardNormalQuantile(0.9);', tests: [`${A}analyze.test.ts`] },
  { name: 'flat-recommends-largest-aggregate', file: `${A}recommend-aggregate.ts`, find: "return { action: 'dont-scale', model: choice.pick.model,", replace: "return { action: 'dont-scale', model: verdict === 'flat' ? models[models.length - 1]!.model : choice.pick.model,", tests: [`${A}analyze.test.ts`] },
  { name: 'flat-recommends-largest-items', file: `${A}items/recommend-items.ts`, find: "return { action: 'dont-scale', model: pickModel.model,", replace: "return { action: 'dont-scale', model: verdict === 'flat' ? ladder.models[ladder.models.length - 1]!.model : pickModel.model,", tests: [`${A}items/degenerate-ladders.test.ts`] },
  { name: 'basic-bootstrap', file: `${A}items/paired-slope.ts`, find: 'const bootstrap = percentiles ? { ...percentiles,', replace: 'const bootstrap = percentiles ? { low: 2 * estimate - percentiles.high, high: 2 * estimate - percentiles.low,', tests: [`${A}items/interval-definitions.test.ts`] },
  { name: 'z-for-t-residual-items', file: `${A}items/wider-slope-interval.ts`, find: 'criticalValue(level, fit.df)', replace: 'criticalValue(level, null)', tests: [`${A}items/interval-definitions.test.ts`], all: true },
  { name: 'z-for-t-residual-aggregate', file: `${A}aggregate-slope.ts`, find: 'criticalValue(level, slope.df)', replace: 'criticalValue(level, null)', tests: [`${A}analyze.test.ts`] },
  { name: 'z-for-t-extrapolation', file: `${A}fits/fit-curves.ts`, find: 'criticalValue(0.95, k - p)', replace: 'criticalValue(0.95, null)', tests: [`${A}fits/fit-curves.test.ts`] },
  { name: 'aic-for-aicc', file: `${A}fits/curve-forms.ts`, find: ' + (2 * count * (count + 1)) / (points - count - 1)', replace: '', tests: [`${A}fits/fit-curves.test.ts`] },
  { name: 'decoupled-when-accuracy-touches-0', file: `${A}verdict.ts`, find: 'loss.high < 0 && hasInterval(accuracy90) && accuracy90.high < delta', replace: 'loss.high < 0', tests: [`${A}decision-rules.sim.test.ts`] },
  { name: 'zero-width-interval-as-evidence', file: `${A}verdict.ts`, find: 'interval.high - interval.low > ROUNDING_WIDTH', replace: 'interval.high - interval.low >= 0', tests: [`${A}items/degenerate-ladders.test.ts`] },
  { name: 'no-adjustment-across-tasks', file: `${A}adjust-verdicts.ts`, find: "const keeps = options.method === 'none' ||", replace: 'const keeps = true ||', tests: [`${A}decision-rules.sim.test.ts`] },
  { name: 'non-monotonic-without-holm', file: `${A}analyze-task.ts`, find: 'standardNormalQuantile(1 - familyError / standardized.length)', replace: 'standardNormalQuantile(0.975)', tests: [`${A}decision-rules.sim.test.ts`] },
  { name: 'overconfidence-from-2-sizes', file: `${A}verdict.ts`, find: "if (distinctSizes < 3 || !isEvidence(gap)) return 'unknown';", replace: "if (!isEvidence(gap)) return 'unknown';", tests: [`${A}items/degenerate-ladders.test.ts`] },
];

function checkApplies(mutant: Mutant, source: string): void {
  const count = source.split(mutant.find).length - 1;
  if (count === 0 || (count > 1 && !mutant.all)) throw new Error(`${mutant.name}: the text to mutate occurs ${count} times in ${mutant.file}`);
}

function runMutant(mutant: Mutant): boolean {
  const original = readFileSync(mutant.file, 'utf8');
  checkApplies(mutant, original);
  writeFileSync(mutant.file, mutant.all ? original.replaceAll(mutant.find, mutant.replace) : original.replace(mutant.find, mutant.replace));
  try {
    const result = spawnSync('npx', ['vitest', 'run', ...mutant.tests], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return result.status !== 0;
  } finally {
    writeFileSync(mutant.file, original);
  }
}

const args = process.argv.slice(2);
if (args.includes('--list') || args.includes('--check')) {
  // --check: every mutant's text is present exactly once (cheap; no tests run).
  for (const mutant of MUTANTS) {
    if (args.includes('--check')) checkApplies(mutant, readFileSync(mutant.file, 'utf8'));
    console.log(`${mutant.name}\t${mutant.file}`);
  }
} else {
  const unknown = args.filter((name) => !MUTANTS.some((mutant) => mutant.name === name));
  if (unknown.length > 0) throw new Error(`unknown mutant(s): ${unknown.join(', ')}; see --list`);
  const chosen = args.length > 0 ? MUTANTS.filter((mutant) => args.includes(mutant.name)) : MUTANTS;
  let survived = 0;
  for (const mutant of chosen) {
    const caught = runMutant(mutant);
    if (!caught) survived++;
    console.log(`${caught ? 'caught  ' : 'SURVIVED'}  ${mutant.name}  (${mutant.tests.join(', ')})`);
  }
  console.log(`${chosen.length - survived} of ${chosen.length} mutants caught`);
  if (survived > 0) process.exitCode = 1;
}
