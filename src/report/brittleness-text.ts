import type { TaskBrittleness } from '../analysis/brittleness/analyze-brittleness.js';
import type { ChangeKind } from '../analysis/brittleness/group-table.js';
import type { IntervalEstimate, TaskAnalysis } from '../analysis/task-analysis.js';
import { formatParams } from '../core/params.js';
import { formatPercent, formatPpInterval } from './format-numbers.js';

const pct = (entry: IntervalEstimate | null | undefined): string =>
  !entry ? '–' : entry.low === null || entry.high === null ? formatPercent(entry.estimate) : `${formatPercent(entry.estimate)} [${formatPercent(entry.low)}, ${formatPercent(entry.high)}]`;

const KIND_HEADERS: Record<ChangeKind, string> = { options: 'option order', labels: 'labels', templates: 'templates', group: 'rewordings' };

/** The terminal column: the flag and the consistency of the smallest and largest model ("shrinking 62→88%"). */
export function brittlenessCell(brittleness: TaskBrittleness | undefined): string {
  if (!brittleness) return '–';
  const first = brittleness.models[0]?.consistency?.estimate;
  const last = brittleness.models[brittleness.models.length - 1]?.consistency?.estimate;
  const range = first === undefined || last === undefined ? '' : ` ${Math.round(first * 100)}→${Math.round(last * 100)}%`;
  return `${brittleness.brittleness}${range}`;
}

/** The Markdown section of a task's brittleness: per model measures with paired-bootstrap 95% CIs, slopes and the flag. */
export function brittlenessMarkdown(task: TaskAnalysis): string[] {
  const b = task.brittleness;
  if (!b) return [];
  const kinds = b.kinds;
  const lines = [
    '', `Prompt brittleness: **${b.brittleness}** (${b.groups} base items${b.droppedGroups > 0 ? `, ${b.droppedGroups} left out: some model lacks a version` : ''}; templates ${b.templates.join(', ')}; paired bootstrap 95% CIs over base items):`, '',
    `| model | base accuracy | consistency | strict accuracy | template spread | ${kinds.map((kind) => `accuracy / flips: ${KIND_HEADERS[kind]}`).join(' | ')} | position bias (TV) | confidence flipping / consistent |`,
    `|---|---:|---|---|---|${kinds.map(() => '---|').join('')}---:|---|`,
  ];
  for (const model of b.models) {
    const perKind = kinds.map((kind) => `${formatPercent(model.accuracyByKind[kind])} / ${formatPercent(model.flipRateByKind[kind])}`);
    lines.push(`| ${model.model} (${formatParams(model.params)}) | ${formatPercent(model.baseAccuracy?.estimate)} | ${pct(model.consistency)} | ${pct(model.strictAccuracy)} | ${pct(model.templateSpread)} | ${perKind.join(' | ')} | ${formatPercent(model.positionBias?.distance)} | ${formatPercent(model.confidenceWhenFlipping)} / ${formatPercent(model.confidenceWhenConsistent)} |`);
  }
  lines.push(
    '',
    `Slopes per decade (pp, 95% CI, wider of bootstrap and residual): consistency ${formatPpInterval(b.slopes.consistency)}, strict accuracy ${formatPpInterval(b.slopes.strictAccuracy)}, template spread ${formatPpInterval(b.slopes.templateSpread)}.`,
  );
  return lines;
}

/** The Markdown lines of a task sampled K > 1 times per item: accuracy levels and how much of its noise is repeat noise. */
export function samplingMarkdown(task: TaskAnalysis): string[] {
  const models = task.sampling ?? [];
  if (models.length === 0) return [];
  const lines = [
    '', 'Repeat sampling (K samples per item at temperature > 0; the item bootstrap resamples items with all their samples, so its intervals hold both kinds of noise):', '',
    '| model | items × K | mean accuracy (pass@1) ± SE | majority vote | pass@K | item variance | repeat variance | repeat share of the variance |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const model of models) {
    lines.push(`| ${model.model} (${formatParams(model.params)}) | ${model.items} × ${model.samplesPerItem} | ${formatPercent(model.meanAccuracy)} ± ${formatPercent(model.se)} | ${formatPercent(model.majorityAccuracy)} | ${formatPercent(model.passAtK[model.passAtK.length - 1])} | ${model.itemVariance.toFixed(4)} | ${model.repeatVariance.toFixed(4)} | ${formatPercent(model.repeatShare)} |`);
  }
  return lines;
}
