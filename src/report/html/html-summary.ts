import type { AnalysisResult } from '../../analysis/analyze.js';
import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { taskLabel } from '../charts/model-points.js';
import { escapeHtml } from './escape-html.js';
import { formatLossSlope, formatNotebookCcg, formatPpSlope } from './format-figures.js';

/** A verdict as a coloured badge. */
export function verdictBadge(verdict: string): string {
  return `<span class="verdict verdict-${escapeHtml(verdict)}">${escapeHtml(verdict)}</span>`;
}

function gapCell(task: TaskAnalysis): string {
  const slope = task.slopes.gap;
  return `${escapeHtml(task.overconfidence)}${slope ? `<br><span class="mono">${escapeHtml(formatPpSlope(slope))}</span>` : ''}`;
}

function recommendationCell(task: TaskAnalysis): string {
  const model = task.recommendation.model !== null ? `: ${escapeHtml(task.recommendation.model)}` : '';
  return `${escapeHtml(task.recommendation.action)}${model}`;
}

/** The summary table: one row per task, each linking to the task's section. */
export function htmlSummaryTable(result: AnalysisResult): string {
  const rows = result.tasks.map((task, index) => {
    const notebook = task.notebook ? `${escapeHtml(formatNotebookCcg(task.notebook))}<br>${escapeHtml(task.notebook.interpretation)}` : 'n/a';
    return `<tr>
<td class="task"><a href="#task-${index + 1}">${escapeHtml(taskLabel(task))}</a></td>
<td>${verdictBadge(task.verdict)}</td>
<td class="num mono">${escapeHtml(formatPpSlope(task.slopes.accuracy))}</td>
<td class="num mono">${escapeHtml(formatLossSlope(task.slopes.loss))}</td>
<td>${gapCell(task)}</td>
<td>${notebook}</td>
<td>${recommendationCell(task)}</td>
</tr>`;
  });
  return `<p class="lede">Slopes are per decade (10×) of parameters with 95% intervals in brackets; accuracy and gap in percentage points (pp), loss in nats.</p>
<div class="table-wrap"><table>
<thead><tr><th>Task</th><th>Verdict</th><th>Accuracy slope</th><th>Loss slope</th><th>Overconfidence (gap slope)</th><th>Notebook ccg</th><th>Recommendation</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}
