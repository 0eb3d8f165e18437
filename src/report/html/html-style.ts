/** The report's stylesheet: readable on a phone, printable, no external fonts or images. */
export const HTML_REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f23; --muted: #5d6d7e; --line: #d5d8dc; --soft: #f4f6f7; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.5rem; padding-top: 0.5rem; border-top: 2px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
p, li { max-width: 75ch; }
a { color: var(--accent); }
.lede { color: var(--muted); margin-top: 0; }
nav.toc ol { padding-left: 1.5rem; columns: 2 18rem; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: 0.9rem; min-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.task { overflow-wrap: anywhere; min-width: 10rem; }
.verdict { display: inline-block; padding: 0 0.45rem; border-radius: 0.6rem; font-size: 0.85rem; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.verdict-improving { color: #1e8449; } .verdict-inverse { color: #b03a2e; } .verdict-decoupled { color: #ba4a00; }
.verdict-flat { color: #7d6608; } .verdict-inconclusive, .verdict-insufficient { color: #5d6d7e; }
.recommendation { background: var(--soft); border-left: 4px solid var(--accent); padding: 0.6rem 0.9rem; margin: 0.75rem 0; max-width: 80ch; }
.notes li { margin: 0.25rem 0; }
figure.chart { margin: 1rem 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
.chart-box { overflow-x: auto; max-width: 100%; }
.chart { min-height: 3rem; }
.chart-box svg, .chart-box canvas { max-width: none; }
figcaption { color: var(--muted); font-size: 0.88rem; max-width: 80ch; }
.notebook { font-size: 0.9rem; }
code, .mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.88em; }
.formula { background: var(--soft); padding: 0.5rem 0.75rem; overflow-x: auto; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; border-top: 1px solid var(--line); padding-top: 0.75rem; }
.noscript { border: 1px solid #ba4a00; padding: 0.5rem 0.75rem; }
#vg-tooltip-element { font-size: 12px; }
@media (max-width: 640px) {
  body { font-size: 15px; }
  main { padding: 0.5rem 0.75rem 2rem; }
  h1 { font-size: 1.35rem; }
  th, td { padding: 0.3rem 0.4rem; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-before: page; page-break-before: always; border-top: none; }
  h2.first { break-before: auto; page-break-before: auto; }
  .table-wrap, .chart-box { overflow: visible; }
  .chart-box svg { max-width: 100%; height: auto; }
  a { color: inherit; text-decoration: none; }
}
`;
