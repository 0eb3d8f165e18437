import type { Chart } from '../charts/chart-spec.js';
import { accuracyInterval, percent, taskLabel } from '../charts/model-points.js';
import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { formatParams } from '../../core/params.js';
import { escapeHtml } from './escape-html.js';
import { formatNotebookCcg, formatNumber, formatPercent, signed } from './format-figures.js';
import { htmlCalibrationTable, htmlFitsTable } from './html-item-tables.js';
import { verdictBadge } from './html-summary.js';

/** A chart container that the bootstrap script fills; the caption doubles as its text equivalent. */
export function chartFigure(chart: Chart): string {
  return `<figure class="chart">
<div class="chart-box"><div class="chart" data-chart="${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(chart.title)}"></div></div>
<figcaption>${escapeHtml(chart.description)}</figcaption>
</figure>`;
}

function modelTable(task: TaskAnalysis): string {
  const rows = [...task.models].sort((a, b) => a.params - b.params).map((model) => {
    const interval = accuracyInterval(model);
    const accuracy = model.accuracy === null ? '—' : `${percent(model.accuracy)}${interval ? ` [${percent(interval[0])}, ${percent(interval[1])}]` : ''}`;
    return `<tr><td class="task">${escapeHtml(model.model)}</td><td class="num">${escapeHtml(formatParams(model.params))}</td><td class="num">${escapeHtml(accuracy)}</td><td class="num">${escapeHtml(formatNumber(model.loss, 3))}</td><td class="num">${escapeHtml(formatPercent(model.confidence))}</td><td class="num">${model.n ?? '—'}</td></tr>`;
  });
  return `<div class="table-wrap"><table>
<thead><tr><th>Model</th><th>Size</th><th>Accuracy [95% CI]</th><th>Loss (nats)</th><th>Confidence</th><th>Items</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function notebookBlock(task: TaskAnalysis): string {
  const notebook = task.notebook;
  if (!notebook) return '<p class="notebook">The notebook block needs loss and accuracy for every model; not shown.</p>';
  return `<div class="table-wrap notebook"><table>
<thead><tr><th>Notebook ccg</th><th>Interpretation</th><th>Loss improvement</th><th>Accuracy change</th><th>Notebook recommendation</th></tr></thead>
<tbody><tr><td class="num mono">${escapeHtml(formatNotebookCcg(notebook))}</td><td>${escapeHtml(notebook.interpretation)}</td><td class="num">${escapeHtml(signed(notebook.lossImprovementPct, 1))}%</td><td class="num">${escapeHtml(signed(notebook.accuracyChangePp, 1))} pp</td><td>${escapeHtml(notebook.recommendation)} (${escapeHtml(notebook.suggestedSize)})</td></tr></tbody>
</table></div>`;
}

/** One task's section: verdict, recommendation, plain-language notes, charts, models, notebook block. */
export function htmlTaskSection(task: TaskAnalysis, index: number, charts: Chart[]): string {
  const notes = task.notes.length > 0 ? `<ul class="notes">${task.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('\n')}</ul>` : '';
  const flags = [
    `overconfidence: ${task.overconfidence}`,
    task.nonMonotonic ? 'non-monotonic' : null,
    task.angleDeg !== null ? `decoupling angle ${signed(task.angleDeg, 0)}°` : null,
  ].filter((flag): flag is string => flag !== null);
  return `<section id="task-${index + 1}" aria-labelledby="task-${index + 1}-title">
<h2 id="task-${index + 1}-title">${index + 1}. ${escapeHtml(taskLabel(task))}</h2>
<p>${verdictBadge(task.verdict)} <span class="lede">${escapeHtml(flags.join(' · '))}</span></p>
<div class="recommendation"><strong>Recommendation: ${escapeHtml(task.recommendation.action)}${task.recommendation.model !== null ? ` — ${escapeHtml(task.recommendation.model)}` : ''}.</strong> ${escapeHtml(task.recommendation.reason)}</div>
${notes}
${charts.map(chartFigure).join('\n')}
<h3>Models</h3>
${modelTable(task)}
${htmlCalibrationTable(task)}
${htmlFitsTable(task)}
<h3>The notebook's block (for continuity)</h3>
${notebookBlock(task)}
</section>`;
}
