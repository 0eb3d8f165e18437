import type { CurveFit, IntervalEstimate, TaskAnalysis } from '../analysis/task-analysis.js';
import { formatParams } from '../core/params.js';
import { escapeMarkdown } from './markdown-report.js';

/** JSON for a fenced block: backticks (which could close the fence) and line separators written as \u escapes. */
const evidenceJson = (value: unknown): string =>
  JSON.stringify(value, null, 1).replace(/[`\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
const num = (value: number | null | undefined, digits = 3): string => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const withCi = (entry: IntervalEstimate | null | undefined, digits = 3): string =>
  !entry ? '–' : entry.low === null || entry.high === null ? num(entry.estimate, digits) : `${num(entry.estimate, digits)} [${num(entry.low, digits)}, ${num(entry.high, digits)}]`;

function fitRow(fit: CurveFit): string {
  const parameters = fit.parameters ? Object.entries(fit.parameters).map(([key, value]) => `${key} = ${Math.abs(value) >= 1e4 ? value.toExponential(3) : value.toPrecision(4)}`).join(', ') : '–';
  const next = fit.predictedNextDecade ? withCi(fit.predictedNextDecade) : '–';
  return `| ${fit.form}${fit.selected ? ' (chosen)' : ''} | ${fit.metric} | ${fit.identified ? parameters : fit.note ?? 'not identified'} | ${num(fit.aicc, 2)} | ${num(fit.extrapolationError)} | ${next}${fit.identified && fit.note ? ` (${fit.note})` : ''} |`;
}

/**
 * Markdown for a task's item-level evidence: calibration per model with bootstrap 95% CIs, the
 * curve fits, and the recommendation's evidence as JSON.
 */
export function itemEvidenceMarkdown(task: TaskAnalysis): string[] {
  const lines: string[] = [];
  if (task.slopeMethod === 'paired-bootstrap' && task.models.some((model) => model.calibration)) {
    lines.push('', 'Calibration (bootstrap 95% CIs):', '', '| model | items | accuracy | gap | ECE (10 equal-mass) | smooth ECE | Brier (rel / res / unc) | AUROC | AURC | acc. at 80% coverage |', '|---|---:|---:|---|---|---|---|---|---|---|');
    for (const model of task.models) {
      const c = model.calibration;
      if (!c) continue;
      lines.push(`| ${escapeMarkdown(model.model)} (${formatParams(model.params)}) | ${model.items ?? '–'} | ${num(model.accuracy)} | ${withCi(c.gap)} | ${withCi(c.ece)} | ${withCi(c.smoothEce)} | ${num(c.brier?.estimate)} (${num(c.brierReliability?.estimate)} / ${num(c.brierResolution?.estimate)} / ${num(c.brierUncertainty?.estimate)}) | ${withCi(c.auroc)} | ${withCi(c.aurc)} | ${withCi(c.selectiveAccuracy80)} |`);
    }
  }
  if (task.fits.length > 0) {
    lines.push('', 'Curve fits (x = log10 parameters):', '', '| form | metric | parameters | AICc | leave-largest-out error | a new model one decade above the largest [95% prediction interval] |', '|---|---|---|---:|---:|---|');
    for (const fit of task.fits) lines.push(fitRow(fit));
  }
  if (task.slopeMethod === 'paired-bootstrap' && task.recommendation.evidence) {
    lines.push('', '<details><summary>Recommendation evidence</summary>', '', '```json', evidenceJson(task.recommendation.evidence), '```', '', '</details>');
  }
  return lines;
}
