import type { AnalysisResult } from '../analysis/analyze.js';
import type { Verdict } from '../analysis/task-analysis.js';
import { usageError } from '../core/errors.js';
import { mapStrings } from '../core/map-strings.js';
import { terminalSafe } from '../core/terminal-safe.js';
import { writeFilesAtomic, type FileContent } from '../io/write-file-atomic.js';
import { jsonReportChunks, renderJsonReport, type ReportSource } from '../report/json-report.js';
import { escapeMarkdown, renderMarkdownReport } from '../report/markdown-report.js';
import { itemEvidenceMarkdown } from '../report/item-evidence-markdown.js';
import { brittlenessMarkdown, samplingMarkdown } from '../report/brittleness-text.js';
import { renderTerminalReport } from '../report/terminal-report.js';
import { forecastLines, powerLine } from '../report/forecast-lines.js';
import { renderVisualOutputs, type VisualFlags } from './visual-outputs.js';

/** Output flags shared by the commands that print an analysis. */
export interface OutputFlags extends VisualFlags {
  json?: string | boolean;
  md?: string | boolean;
  failOn?: string;
  verbose?: boolean;
  color: boolean;
}

/** Forecast lines, and the power line of each inconclusive task, under the terminal report. */
function terminalExtras(result: AnalysisResult): string {
  const block = (title: string, lines: string[]): string => (lines.length > 0 ? `\n${title}\n${lines.map((line) => `  ${line}`).join('\n')}\n` : '');
  const power = result.tasks.filter((task) => task.verdict === 'inconclusive').flatMap((task) => {
    const line = powerLine(task);
    return line ? [`${task.task}${task.family ? ` · ${task.family}` : ''}: ${line}`] : [];
  });
  return block('Forecasts:', result.tasks.flatMap(forecastLines)) + block('What would settle the inconclusive tasks:', power);
}

/**
 * Renders an analysis to the requested outputs: files are written atomically after everything
 * is rendered; at most one report goes to stdout (the terminal report when none is asked for).
 * Sets exit code 3 when a `--fail-on` verdict occurs.
 */
export async function emitReports(result: AnalysisResult, sources: ReportSource[], flags: OutputFlags, failOn: Verdict[]): Promise<void> {
  const toStdout = [flags.json === true, flags.md === true].filter(Boolean).length;
  if (toStdout > 1) throw usageError('only one of --json and --md can go to stdout; give the other a file name');
  const visual = await renderVisualOutputs(result, sources, flags, typeof flags.md === 'string' ? flags.md : null);
  const files: Array<[string, FileContent]> = [...visual.files];
  let stdout: string | null = null;
  if (flags.json !== undefined) {
    if (flags.json === true) stdout = renderJsonReport(result, sources);
    else files.push([flags.json as string, jsonReportChunks(result, sources)]);
  }
  if (flags.md !== undefined) {
    const extra = (task: AnalysisResult['tasks'][number]): string[] => {
      const power = powerLine(task);
      const forecasts = forecastLines(task).map((line) => `- ${escapeMarkdown(line)}`);
      return [...(power ? ['', escapeMarkdown(power)] : []), ...(forecasts.length > 0 ? ['', '**Forecasts**', '', ...forecasts] : []), ...itemEvidenceMarkdown(task), ...brittlenessMarkdown(task), ...samplingMarkdown(task), ...visual.markdownForTask(task)];
    };
    const text = renderMarkdownReport(result, { sources, extra, afterSummary: visual.markdownSummary });
    if (flags.md === true) stdout = text;
    else files.push([flags.md as string, text]);
  }
  const terminalReport = stdout === null;
  const color = flags.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
  stdout ??= renderTerminalReport(mapStrings(result, terminalSafe), { color, verbose: flags.verbose === true, sources: mapStrings(sources, terminalSafe) });
  writeFilesAtomic(files);
  process.stdout.write(stdout);
  if (terminalReport) process.stdout.write(terminalExtras(result));
  const failing = result.tasks.filter((task) => failOn.includes(task.verdict));
  if (failing.length > 0) {
    process.stderr.write(`scalegap: --fail-on: ${failing.length} task(s) ${failing.map((task) => `${task.task}${task.family ? ` (${task.family})` : ''}: ${task.verdict}`).join('; ')}\n`);
    process.exitCode = 3;
  }
}
