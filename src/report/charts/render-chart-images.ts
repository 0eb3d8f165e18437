import type { AnalysisResult } from '../../analysis/analyze.js';
import { allCharts } from './build-charts.js';
import type { Chart } from './chart-spec.js';
import { renderChartSvg, svgToPng } from './render-chart.js';

export type ChartImageFormat = 'png' | 'svg';

/** One rendered chart: its chart, the file name to give it and the bytes. */
export interface ChartImage {
  chart: Chart;
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Renders every chart of an analysis to PNG (2× scale) or SVG, in report order. Vega draws the
 * SVGs one after another; resvg rasterises them in parallel while vega goes on. Writes nothing:
 * the caller decides where the files go.
 */
export async function renderChartImages(result: AnalysisResult, format: ChartImageFormat = 'png'): Promise<ChartImage[]> {
  const pending: Array<Promise<ChartImage>> = [];
  for (const chart of allCharts(result)) {
    const svg = await renderChartSvg(chart.spec);
    const fileName = `${chart.id}.${format}`;
    pending.push(format === 'svg' ? Promise.resolve({ chart, fileName, bytes: new TextEncoder().encode(svg) }) : svgToPng(svg).then((bytes) => ({ chart, fileName, bytes })));
  }
  return Promise.all(pending);
}
