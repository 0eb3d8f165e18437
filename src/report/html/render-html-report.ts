import { createHash } from 'node:crypto';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { buildCharts } from '../charts/build-charts.js';
import { taskLabel } from '../charts/model-points.js';
import { CHART_BOOTSTRAP_JS } from './chart-bootstrap.js';
import { escapeHtml, jsonForScript, roundForJson, scriptSafe } from './escape-html.js';
import type { HtmlAssets } from './html-assets.js';
import { htmlMethods, htmlProvenance } from './html-methods.js';
import { HTML_REPORT_CSS } from './html-style.js';
import { htmlSummaryTable } from './html-summary.js';
import { chartFigure, htmlTaskSection } from './html-task-section.js';
import type { ReportMeta } from './report-meta.js';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The Content-Security-Policy of a report: nothing may load from anywhere (default-src 'none'),
 * scripts run only when their hash is one of the report's own inline scripts, styles only inline,
 * images only as data: URLs; no base URL, no forms.
 */
export function reportCsp(scripts: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Writes the whole HTML report as one self-contained string: summary table, one section per task
 * (charts, notes, models, the notebook's block), methods, provenance, with vega, vega-lite and
 * vega-embed inlined. Every piece of data is escaped; chart specs travel as inert JSON.
 */
export function renderHtmlReport(result: AnalysisResult, assets: HtmlAssets, meta: ReportMeta = {}): string {
  return htmlReportWithCsp(result, assets, meta).html;
}

/** The HTML report and its Content-Security-Policy (for a server to send as a header too). */
export function htmlReportWithCsp(result: AnalysisResult, assets: HtmlAssets, meta: ReportMeta = {}): { html: string; csp: string } {
  const title = meta.title ?? 'scalegap report';
  const charts = buildCharts(result);
  const specs: Record<string, unknown> = {};
  for (const chart of [...(charts.grid ? [charts.grid] : []), ...charts.tasks.flatMap((task) => task.charts)]) specs[chart.id] = chart.spec;
  const scripts = [scriptSafe(assets.vega), scriptSafe(assets.vegaLite), scriptSafe(assets.vegaEmbed), CHART_BOOTSTRAP_JS];
  const toc = result.tasks.map((task, index) => `<li><a href="#task-${index + 1}">${escapeHtml(taskLabel(task))}</a></li>`).join('\n');
  const sections = result.tasks.map((task, index) => htmlTaskSection(task, index, charts.tasks[index]?.charts ?? [])).join('\n');
  const disagree = result.tasks.filter((task) => task.notes.some((note) => note.startsWith('The notebook reads'))).length;
  const csp = reportCsp(scripts);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${HTML_REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="lede">Will a bigger model actually help? ${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'} analysed${disagree > 0 ? `; on ${disagree} the notebook's label and scalegap's verdict disagree (see Methods)` : ''}.</p>
<noscript><p class="noscript">The charts need JavaScript (inlined in this file; nothing is fetched). The tables and text below are complete without it.</p></noscript>
</header>
<nav class="toc" aria-label="Contents"><ol>${toc}<li><a href="#methods">Methods</a></li><li><a href="#provenance">Provenance</a></li></ol></nav>
<section id="summary"><h2 class="first">Summary</h2>
${htmlSummaryTable(result)}
${charts.grid ? chartFigure(charts.grid) : ''}
</section>
${sections}
${htmlMethods(result)}
${htmlProvenance(meta, assets.versions)}
<footer>Written by scalegap. This file is self-contained: it works offline and makes no network request.</footer>
</main>
<script type="application/json" id="scalegap-chart-specs">${jsonForScript(specs, roundForJson)}</script>
${scripts.map((script) => `<script>${script}</script>`).join('\n')}
</body>
</html>
`;
  return { html, csp };
}
