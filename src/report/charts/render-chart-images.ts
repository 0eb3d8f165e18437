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
 * Renders every chart of an analysis to PNG (2× scale) or SVG, in report order. Writes nothing:
 * the caller decides where the files go.
 */
export async function renderChartImages(result: AnalysisResult, format: ChartImageFormat = 'png'): Promise<ChartImage[]> {
  const images: ChartImage[] = [];
  for (const chart of allCharts(result)) {
    const svg = await renderChartSvg(chart.spec);
    const bytes = format === 'svg' ? new TextEncoder().encode(svg) : await svgToPng(svg);
    images.push({ chart, fileName: `${chart.id}.${format}`, bytes });
  }
  return images;
}
