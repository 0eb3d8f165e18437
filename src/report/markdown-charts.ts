import type { Chart } from './charts/chart-spec.js';

/** Escapes text for Markdown image alt text / link text (no HTML, no link syntax breaks). */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\[\]()*_`#!|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/**
 * Markdown image references to chart files: `![title](dir/id.png)` with the caption under it.
 * `relativeDir` is the charts folder relative to the Markdown file, with forward slashes.
 */
export function markdownChartImages(charts: Chart[], relativeDir: string, extension = 'png'): string {
  const prefix = relativeDir === '' || relativeDir === '.' ? '' : `${relativeDir.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  return charts
    .map((chart) => `![${escapeMarkdownText(chart.title)}](${encodeURI(`${prefix}${chart.id}.${extension}`)})\n\n*${escapeMarkdownText(chart.description)}*\n`)
    .join('\n');
}
