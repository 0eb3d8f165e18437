import type { AnalysisResult } from '../analysis/analyze.js';
import type { TaskAnalysis } from '../analysis/task-analysis.js';
import { formatParams } from '../core/params.js';
import { formatCcg, formatPercent, formatPpInterval } from './format-numbers.js';
import type { ReportSource } from './json-report.js';

/**
 * Escapes text for a Markdown table cell or paragraph: Markdown and HTML syntax characters get a
 * backslash; line breaks of every kind (`\r\n`, a lone `\r`, U+2028/U+2029) and other control
 * characters become spaces, so that one name never splits a table row.
 */
export function escapeMarkdown(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`).replace(/\r\n|[\r\n\u2028\u2029\u0000-\u001f\u007f-\u009f]/g, ' ');
}

const cell = (text: string): string => escapeMarkdown(text);

function taskTitle(task: TaskAnalysis): string {
  return `${task.task}${task.family ? ` · ${task.family}` : ''}`;
}

function taskSection(task: TaskAnalysis, extra: (task: TaskAnalysis) => string[]): string[] {
  const lines = [`### ${cell(taskTitle(task))}`, '', `**Verdict: ${task.verdict}** · overconfidence ${task.overconfidence}${task.nonMonotonic ? ' · non-monotonic' : ''}${task.angleDeg !== null ? ` · decoupling angle ${task.angleDeg.toFixed(0)}°` : ''}`, ''];
  for (const note of task.notes) lines.push(`- ${cell(note)}`);
  lines.push(`- **Recommendation (${task.recommendation.action}):** ${cell(task.recommendation.reason)}`, '');
  lines.push('| model | params | accuracy | loss | confidence | n |', '|---|---:|---:|---:|---:|---:|');
  for (const model of task.models) {
    lines.push(`| ${cell(model.model)} | ${formatParams(model.params)} | ${formatPercent(model.accuracy)} | ${model.loss?.toFixed(3) ?? '–'} | ${formatPercent(model.confidence)} | ${model.n ?? '–'} |`);
  }
  if (task.notebook) {
    const nb = task.notebook;
    lines.push('', `Notebook block (ln size, accuracy in %): ccg ${formatCcg(nb.ccg)}, loss slope ${nb.lossSlope.toFixed(4)}, accuracy slope ${nb.accuracySlope.toFixed(4)}, loss improved ${nb.lossImprovementPct.toFixed(1)}%, accuracy changed ${nb.accuracyChangePp.toFixed(1)} pp → "${cell(nb.interpretation)}"; "${cell(nb.recommendation)}" (${cell(nb.suggestedSize)}).`);
  }
  lines.push(...extra(task), '');
  return lines;
}

/**
 * The Markdown report for a pull request: a summary table, then a section per task. `extra` lets a
 * caller append content (such as chart images) to each task's section, `afterSummary` under the
 * summary table.
 */
export function renderMarkdownReport(
  result: AnalysisResult,
  options: { sources?: ReportSource[]; title?: string; extra?: (task: TaskAnalysis) => string[]; afterSummary?: string[] } = {},
): string {
  const lines = [`# ${options.title ?? 'scalegap report'}`, ''];
  if (options.sources && options.sources.length > 0) {
    lines.push(`Data: ${options.sources.map((source) => `${cell(source.file)} (${source.kind}, ${source.rows} rows${source.note ? `; ${cell(source.note)}` : ''})`).join('; ')}`, '');
  }
  lines.push('| task | family | sizes | verdict | accuracy slope, pp/decade [95% CI] | overconfidence | notebook ccg (label) | recommendation |', '|---|---|---:|---|---|---|---|---|');
  for (const task of result.tasks) {
    const notebook = task.notebook ? `${formatCcg(task.notebook.ccg)} (${task.notebook.interpretation})` : '–';
    lines.push(`| ${cell(task.task)} | ${cell(task.family ?? '–')} | ${new Set(task.models.map((m) => m.params)).size} | **${task.verdict}** | ${formatPpInterval(task.slopes.accuracy)} | ${task.overconfidence} | ${cell(notebook)} | ${task.recommendation.action}${task.recommendation.model ? `: ${cell(task.recommendation.model)}` : ''} |`);
  }
  lines.push(...(options.afterSummary ?? []), '', '## Tasks', '');
  for (const task of result.tasks) lines.push(...taskSection(task, options.extra ?? (() => [])));
  lines.push('## Method', '', `Slopes are ordinary least squares on log10(parameters), so they read "per decade of parameters". The 95% interval is the wider of the one from the scatter of the models around the line (t, df = k − 2) and the one from item sampling error (normal). Verdicts: *inverse* / *improving* when the accuracy interval excludes 0; *decoupled* when loss credibly falls and the 90% upper bound of the accuracy slope is below δ (accuracy credibly does not keep up); *flat* when the 90% interval lies inside ±δ (a ladder with no variation at all is flat; a zero-width interval is no evidence); otherwise *inconclusive*. ${result.adjustment?.text ?? ''} The notebook block is the course notebook's ccg = loss slope / accuracy slope on ln(size) with accuracy in %, shown for continuity.`, '');
  return `${lines.join('\n')}\n`;
}
