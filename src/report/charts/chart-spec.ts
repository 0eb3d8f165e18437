/**
 * A Vega-Lite specification as plain JSON data. Specs are built by pure functions from the analysis
 * result and rendered three ways (embedded in HTML, SVG, PNG) from the same object.
 */
export type ChartSpec = Record<string, unknown>;

/** One chart of a report: a stable id (file name without extension), a title and its spec. */
export interface Chart {
  /** File-name-safe id, unique within a report (`task-3-scaling-paradox`). */
  id: string;
  /** Human title (untrusted text from the data: escape before writing into HTML/Markdown). */
  title: string;
  /** What the chart shows, in one sentence (shown under it, and as image alt text). */
  description: string;
  spec: ChartSpec;
}

/** Colours shared by every chart (the notebook's blue loss, red accuracy, green confidence). */
export const CHART_COLORS = {
  loss: '#1f5fa8',
  accuracy: '#c0392b',
  confidence: '#1e8449',
  gap: '#7d3c98',
  chance: '#7f7f7f',
  band: '#c0392b',
  recommended: '#d35400',
  other: '#5d6d7e',
} as const;

/** The font list used by every chart: DejaVu Sans is what resvg finds on Debian. */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Shared Vega-Lite config: readable sizes, no chart border, deterministic fonts. */
export const CHART_CONFIG: ChartSpec = {
  font: CHART_FONT,
  background: '#ffffff',
  padding: 8,
  view: { stroke: '#dddddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#eeeeee' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start', fontWeight: 'bold' },
  concat: { spacing: 28 },
  facet: { spacing: 24 },
};

/** Wraps a body (layer, concat, facet…) into a top-level spec with the shared config. */
export function topLevel(title: string, body: ChartSpec): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title },
    config: CHART_CONFIG,
    ...body,
  };
}
