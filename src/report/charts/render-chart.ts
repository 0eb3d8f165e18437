import { existsSync } from 'node:fs';
import type { ChartSpec } from './chart-spec.js';
import { CHART_FONT } from './chart-spec.js';
import { vegaTextWidth } from './text-metrics.js';

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');

let engines: Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> | null = null;

/** Loads vega and vega-lite on first use only, so commands that draw nothing stay fast. */
function loadEngines(): Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> {
  engines ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // Headless vega has no canvas to measure text with; measure with the font resvg draws.
    (vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;
    return { vega, vegaLite };
  });
  return engines;
}

/** Compiles a Vega-Lite spec to Vega; throws with the spec's title when Vega-Lite rejects it. */
export async function compileChart(spec: ChartSpec): Promise<import('vega').Spec> {
  const { vegaLite } = await loadEngines();
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => {
      throw new Error(`Vega-Lite: ${args.map(String).join(' ')}`);
    },
    warn: (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  // The logger interface of vega-lite is structural; the casts keep its overloads out of our code.
  const compiled = vegaLite.compile(spec as unknown as import('vega-lite').TopLevelSpec, { logger: logger as never });
  return compiled.spec;
}

/** Renders a Vega-Lite spec to an SVG document with headless vega (no browser, no network). */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const { vega } = await loadEngines();
  const view = new vega.View(vega.parse(await compileChart(spec)), { renderer: 'none', loader: vega.loader({ mode: 'http' }) });
  view.logLevel(vega.Error);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a Vega-Lite spec to PNG bytes (SVG through resvg, system fonts, 2× scale by default). */
export async function renderChartPng(spec: ChartSpec, scale = 2): Promise<Buffer> {
  const svg = await renderChartSvg(spec);
  return svgToPng(svg, scale);
}

const DEJAVU_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];
let fontFiles: string[] | null = null;

/**
 * Rasterises an SVG document with resvg, off the main thread (libuv pool), so several charts
 * rasterise in parallel. It loads only the two DejaVu Sans files when they are where Debian puts
 * them (loading every system font for each chart costs more than drawing it), all system fonts
 * otherwise.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  fontFiles ??= DEJAVU_FILES.filter((file) => existsSync(file));
  const family = CHART_FONT.split(',')[0]!;
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: fontFiles.length === DEJAVU_FILES.length
      ? { loadSystemFonts: false, fontFiles, defaultFontFamily: family, sansSerifFamily: family }
      : { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family },
  });
  return image.asPng();
}
