import { escapeHtml } from '../../report/html/escape-html.js';
import type { CatalogEntry } from './report-catalog.js';

/** The viewer's own pages: nothing to load, no scripts. */
export const VIEW_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = 'body{font:16px/1.5 system-ui,"DejaVu Sans",sans-serif;margin:0 auto;max-width:60rem;padding:1rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;overflow-wrap:anywhere}th{background:#f4f6f7}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

/** The index: one row per stored run, newest first as the catalog gives them. */
export function indexPage(entries: CatalogEntry[], source: string): string {
  const rows = entries.map((entry) => `<tr><td><a href="/runs/${encodeURIComponent(entry.id)}">${escapeHtml(entry.label)}</a></td><td>${escapeHtml(entry.id)}</td><td>${escapeHtml(entry.startedAt ?? '')}</td><td>${escapeHtml(entry.status ?? '')}</td></tr>`);
  const table = entries.length === 0
    ? '<p>No stored runs yet: run <code>scalegap run -c scalegap.yaml</code> first.</p>'
    : `<table><thead><tr><th>Run</th><th>Id</th><th>Started</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return page('scalegap runs', `<h1>scalegap runs</h1><p>From ${escapeHtml(source)}. Each report is also available as JSON at <code>/runs/ID/analysis.json</code>.</p>${table}`);
}

/** A plain error page. */
export function errorPage(status: number, message: string): string {
  return page(`${status}`, `<h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">All runs</a></p>`);
}
