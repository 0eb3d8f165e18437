import pc from 'picocolors';
import type { AnalysisResult } from '../analysis/analyze.js';
import type { TaskAnalysis, Verdict } from '../analysis/task-analysis.js';
import { formatParams } from '../core/params.js';
import { formatCcg, formatPpInterval } from './format-numbers.js';
import type { ReportSource } from './json-report.js';
import { brittlenessCell } from './brittleness-text.js';
import { renderTextTable } from './text-table.js';

export interface TerminalReportOptions {
  color: boolean;
  /** Print each task's notes and recommendation reason under the table. */
  verbose: boolean;
  sources?: ReportSource[];
}

const NOTEBOOK_SHORT: Record<string, string> = {
  'Pathological: Loss improves but accuracy flat': 'pathological',
  'Severe pathology: Confident failures': 'severe',
  'Mild pathology: Some scaling issues': 'mild',
  'Healthy: Scaling helps': 'healthy',
};

function recommendationText(task: TaskAnalysis): string {
  const model = task.recommendation.model ? task.models.find((m) => m.model === task.recommendation.model) : undefined;
  return model ? `${task.recommendation.action} → ${model.model} (${formatParams(model.params)})` : task.recommendation.action;
}

/** The terminal report: one line per task a person reads at a glance, then a short summary. */
export function renderTerminalReport(result: AnalysisResult, options: TerminalReportOptions): string {
  const colors = pc.createColors(options.color);
  const verdictColor: Record<Verdict, (text: string) => string> = {
    improving: colors.green,
    inverse: colors.red,
    decoupled: colors.red,
    flat: colors.yellow,
    inconclusive: colors.cyan,
    insufficient: colors.dim,
  };
  // The brittleness column appears only when some task was asked in versions (variants).
  const brittle = result.tasks.some((task) => task.brittleness);
  const rows = result.tasks.map((task) => [
    task.task,
    task.family ?? '–',
    String(new Set(task.models.map((m) => m.params)).size),
    task.verdict,
    formatPpInterval(task.slopes.accuracy),
    task.overconfidence,
    ...(brittle ? [brittlenessCell(task.brittleness)] : []),
    task.notebook ? `${formatCcg(task.notebook.ccg)} ${NOTEBOOK_SHORT[task.notebook.interpretation] ?? ''}` : '–',
    recommendationText(task),
  ]);
  const table = renderTextTable(
    [
      { header: 'TASK', maxWidth: 28 },
      { header: 'FAMILY', maxWidth: 22 },
      { header: 'SIZES', align: 'right' },
      { header: 'VERDICT' },
      { header: 'ACCURACY pp/decade [95% CI]' },
      { header: 'OVERCONF.' },
      ...(brittle ? [{ header: 'BRITTLENESS (consistency)' }] : []),
      { header: 'NOTEBOOK ccg' },
      { header: 'RECOMMENDATION' },
    ],
    rows,
    (row, column, text) => (column === 3 ? verdictColor[result.tasks[row]!.verdict](text) : column === 5 && text === 'growing' ? colors.red(text) : text),
  );
  const lines: string[] = [];
  const sources = options.sources ?? [];
  if (sources.length > 0) {
    lines.push(colors.dim(`Data: ${sources.map((source) => `${source.file} (${source.kind}, ${source.rows} rows${source.note ? `; ${source.note}` : ''})`).join('; ')}`), '');
  }
  lines.push(colors.bold(table[0]!), ...table.slice(1));
  if (options.verbose) {
    for (const task of result.tasks) {
      lines.push('', colors.bold(`${task.task}${task.family ? ` · ${task.family}` : ''}: ${task.verdict}`));
      for (const note of task.notes) lines.push(`  - ${note}`);
      lines.push(`  → ${task.recommendation.reason}`);
    }
  }
  if (!options.verbose) {
    // Item-level evidence: the recommendation in one plain sentence per task (evidence in --json).
    const itemTasks = result.tasks.filter((task) => task.slopeMethod === 'paired-bootstrap');
    if (itemTasks.length > 0) lines.push('');
    for (const task of itemTasks) lines.push(`${task.task}${task.family ? ` · ${task.family}` : ''}: ${task.recommendation.reason}`);
  }
  const counts = new Map<string, number>();
  for (const task of result.tasks) counts.set(task.verdict, (counts.get(task.verdict) ?? 0) + 1);
  const disagreements = result.tasks.filter((task) => task.notes.some((note) => note.startsWith('The notebook reads'))).length;
  lines.push(
    '',
    `${result.tasks.length} task ladder${result.tasks.length === 1 ? '' : 's'}: ${[...counts].map(([verdict, count]) => `${count} ${verdict}`).join(', ')}.` +
      (disagreements > 0 ? ` The notebook's label disagrees with the evidence on ${disagreements}.` : '') +
      (result.adjustment && result.adjustment.tasksTested > 1 ? ` ${result.adjustment.text}` : ''),
    colors.dim('Slopes are per decade of parameters; OVERCONF. = trend of confidence − accuracy. Details: --verbose, --md, --json.'),
  );
  return `${lines.join('\n')}\n`;
}
