import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser builds of vega, vega-lite and vega-embed that an HTML report inlines. */
export interface HtmlAssets {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
  versions: { vega: string; vegaLite: string; vegaEmbed: string };
}

let cached: HtmlAssets | null = null;

function build(require: NodeJS.Require, name: string, file: string): string {
  return readFileSync(join(dirname(require.resolve(name)), file), 'utf8');
}

function versionOf(require: NodeJS.Require, name: string): string {
  const manifest = JSON.parse(readFileSync(join(dirname(require.resolve(name)), '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** Reads the minified UMD builds from node_modules (once per process). */
export function loadHtmlAssets(): HtmlAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const vega = build(require, 'vega', 'vega.min.js');
  const vegaLite = build(require, 'vega-lite', 'vega-lite.min.js');
  const vegaEmbed = build(require, 'vega-embed', 'vega-embed.min.js');
  cached = { vega, vegaLite, vegaEmbed, versions: { vega: versionOf(require, 'vega'), vegaLite: versionOf(require, 'vega-lite'), vegaEmbed: versionOf(require, 'vega-embed') } };
  return cached;
}
