/**
 * The report's own script: reads the chart specs from the inert JSON block and draws each into its
 * container with vega-embed (SVG renderer; vega's CSP-safe expression interpreter, so no eval;
 * no action menu, so no links out; side-by-side panels stacked on a narrow screen). A chart that fails shows its error in place of the chart and
 * marks the container, rather than failing silently.
 */
export const CHART_BOOTSTRAP_JS = `(function () {
  'use strict';
  var block = document.getElementById('scalegap-chart-specs');
  if (!block || typeof vegaEmbed !== 'function') return;
  var specs = JSON.parse(block.textContent || '{}');
  var boxes = document.querySelectorAll('[data-chart]');
  var pending = [];
  Array.prototype.forEach.call(boxes, function (box) {
    var spec = specs[box.getAttribute('data-chart')];
    if (!spec) return;
    // On a narrow screen, side-by-side panels are stacked instead.
    if (spec.hconcat && box.parentNode.clientWidth < 760) {
      spec = Object.assign({}, spec, { vconcat: spec.hconcat });
      delete spec.hconcat;
    }
    var drawn = vegaEmbed(box, spec, { renderer: 'svg', actions: false, ast: true, tooltip: { theme: 'light' } })
      .then(function () { box.setAttribute('data-rendered', 'true'); })
      .catch(function (error) {
        box.setAttribute('data-rendered', 'error');
        box.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
      });
    pending.push(drawn);
  });
  Promise.all(pending).then(function () { document.documentElement.setAttribute('data-charts-done', 'true'); });
})();
`;
