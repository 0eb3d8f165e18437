import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyze, type AnalysisResult } from '../src/analysis/analyze.js';
import { emptyMeasurement, type Measurement } from '../src/core/measurement.js';
import { allCharts } from '../src/report/charts/build-charts.js';
import { renderChartImages } from '../src/report/charts/render-chart-images.js';
import { loadHtmlAssets } from '../src/report/html/html-assets.js';
import { renderHtmlReport } from '../src/report/html/render-html-report.js';
import { measureCommand, medianOf } from './measure-command.js';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

/** `tasks` × 10 models with accuracy, loss, confidence and n (seeded), analysed. */
function syntheticAnalysis(tasks: number): AnalysisResult {
  let state = 4242;
  const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sizes = [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10, 3e10, 7e10];
  const rows: Measurement[] = [];
  for (let t = 0; t < tasks; t++) {
    sizes.forEach((params, m) => {
      const accuracy = Math.min(0.99, Math.max(0.01, 0.3 + 0.04 * m + (random() - 0.5) * 0.1));
      const confidence = Math.min(1, accuracy + 0.05 + 0.02 * m);
      rows.push({ ...emptyMeasurement(`task-${t}`, `family-model-${m}`, params), accuracy, accuracyPct: accuracy * 100, loss: 3 - 0.1 * m, confidence, confidencePct: confidence * 100, n: 1000, chance: 0.25 });
    });
  }
  return analyze(rows);
}

/**
 * Report outputs: the demo's HTML report through the CLI (target under 2 s), PNGs of every chart
 * for 10 tasks (target under 5 s) and the HTML size for 20 tasks × 10 models (target under 2 MB).
 */
export async function run(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'scalegap-report-bench-'));
  const plain = medianOf(3, () => measureCommand(process.execPath, [cli, 'analyze']));
  const html = medianOf(3, () => measureCommand(process.execPath, [cli, 'analyze', '--html', join(folder, 'demo.html')]));
  console.log(`demo HTML report (scalegap analyze --html, median of 3): ${fmt(html.wallMs)} wall, ${html.cpuMs?.toFixed(0) ?? '?'} ms CPU (target: under 2 s); without --html ${fmt(plain.wallMs)}; ratio ${(html.wallMs / plain.wallMs).toFixed(2)}×`);

  const ten = syntheticAnalysis(10);
  const chartCount = allCharts(ten).length;
  let started = performance.now();
  await renderChartImages(ten, 'svg');
  const firstSvgMs = performance.now() - started;
  started = performance.now();
  const svgs = await renderChartImages(ten, 'svg');
  const svgMs = performance.now() - started;
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const pngs = await renderChartImages(ten, 'png');
  const pngMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const pngCpuMs = (cpu.user + cpu.system) / 1000;
  const pngBytes = pngs.reduce((sum, image) => sum + image.bytes.length, 0);
  console.log(`PNG of all ${chartCount} charts for 10 tasks × 10 models: ${fmt(pngMs)} wall, ${(pngCpuMs / 1000).toFixed(2)} s CPU over all threads (target: under 5 s; load average now ${loadavg()[0]!.toFixed(1)}), ${kb(pngBytes)} in all; SVG only ${fmt(svgMs)} (${kb(svgs.reduce((sum, image) => sum + image.bytes.length, 0))}); first SVG pass incl. loading vega ${fmt(firstSvgMs)}; PNG/SVG ratio ${(pngMs / svgMs).toFixed(2)}×`);

  const assets = loadHtmlAssets();
  const library = assets.vega.length + assets.vegaLite.length + assets.vegaEmbed.length;
  const twenty = syntheticAnalysis(20);
  started = performance.now();
  const page = renderHtmlReport(twenty, assets, { sources: ['synthetic'] });
  const renderMs = performance.now() - started;
  const bytes = Buffer.byteLength(page);
  console.log(`HTML for 20 tasks × 10 models: ${kb(bytes)} (target: under 2048 KB), ${kb(gzipSync(page).length)} gzipped, rendered in ${renderMs.toFixed(0)} ms; of which inlined vega builds ${kb(library)} (${((library / bytes) * 100).toFixed(0)}%), data and text ${kb(bytes - library)}`);
}
