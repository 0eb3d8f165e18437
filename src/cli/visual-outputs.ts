import { dirname, join, relative, resolve } from 'node:path';
import type { AnalysisResult } from '../analysis/analyze.js';
import type { TaskAnalysis } from '../analysis/task-analysis.js';
import { usageError } from '../core/errors.js';
import type { ReportSource } from '../report/json-report.js';

/** `--html FILE`, `--charts DIR` and `--chart-format png|svg|both`. */
export interface VisualFlags {
  html?: string;
  charts?: string;
  chartFormat?: string;
}

/** The formats `--chart-format` names (PNG first: the Markdown links the first). */
export function parseChartFormat(text: string | undefined): Array<'png' | 'svg'> {
  if (text === undefined || text === 'png') return ['png'];
  if (text === 'svg') return ['svg'];
  if (text === 'both') return ['png', 'svg'];
  throw usageError(`--chart-format must be png, svg or both, not "${text}"`);
}

/** What the visual outputs add: files to write, and chart images to put into the Markdown. */
export interface VisualOutputs {
  files: Array<[string, string | Uint8Array]>;
  /** Markdown for the task grid (under the summary table), when charts are written. */
  markdownSummary: string[];
  /** Markdown for one task's charts, when charts are written. */
  markdownForTask: (task: TaskAnalysis) => string[];
}

function sourceLine(source: ReportSource): string {
  return `${source.file} (${source.kind}, ${source.rows} rows${source.note ? `; ${source.note}` : ''})`;
}

/**
 * Renders the HTML report and the PNG charts when asked for. The report and chart modules (and
 * vega, vega-lite, resvg behind them) are loaded only here, so commands without these flags
 * start fast. `markdownFile` is where the Markdown goes (image paths are made relative to it).
 */
export async function renderVisualOutputs(result: AnalysisResult, sources: ReportSource[], flags: VisualFlags, markdownFile: string | null): Promise<VisualOutputs> {
  const outputs: VisualOutputs = { files: [], markdownSummary: [], markdownForTask: () => [] };
  const formats = parseChartFormat(flags.chartFormat);
  if (flags.html !== undefined) {
    const [{ renderHtmlReport }, { loadHtmlAssets }] = await Promise.all([import('../report/html/render-html-report.js'), import('../report/html/html-assets.js')]);
    const html = renderHtmlReport(result, loadHtmlAssets(), { sources: sources.map(sourceLine), generatedAt: new Date().toISOString() });
    outputs.files.push([flags.html, html]);
  }
  if (flags.charts !== undefined) {
    const [{ renderChartImages }, { buildCharts }, { markdownChartImages }] = await Promise.all([
      import('../report/charts/render-chart-images.js'),
      import('../report/charts/build-charts.js'),
      import('../report/markdown-charts.js'),
    ]);
    for (const format of formats) {
      for (const image of await renderChartImages(result, format)) outputs.files.push([join(flags.charts, image.fileName), image.bytes]);
    }
    const base = markdownFile !== null ? dirname(resolve(markdownFile)) : process.cwd();
    const relativeDir = relative(base, resolve(flags.charts)).split('\\').join('/');
    const built = buildCharts(result);
    const linked = formats[0]!;
    if (built.grid) outputs.markdownSummary = ['', markdownChartImages([built.grid], relativeDir, linked)];
    outputs.markdownForTask = (task) => {
      const charts = built.tasks[result.tasks.indexOf(task)]?.charts ?? [];
      return charts.length > 0 ? ['', markdownChartImages(charts, relativeDir, linked)] : [];
    };
  }
  return outputs;
}
