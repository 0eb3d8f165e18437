import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { formatParams } from '../../core/params.js';
import { escapeHtml } from './escape-html.js';

/*
 * Tables of the item-level analysis (per-model calibration, curve fits), drawn when the analysis
 * carries them and left out otherwise. The fields are read defensively: an aggregate analysis has
 * none of them.
 */

type Fields = Record<string, unknown>;
const asRecord = (value: unknown): Fields | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null);
const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** "12.3% [9.0, 15.1]" from {estimate, low, high} as fractions; "—" when absent. */
function percentInterval(value: unknown): string {
  const interval = asRecord(value);
  const estimate = asNumber(interval?.estimate);
  if (estimate === null) return '—';
  const low = asNumber(interval?.low);
  const high = asNumber(interval?.high);
  const text = `${(estimate * 100).toFixed(1)}%`;
  return low !== null && high !== null ? `${text} [${(low * 100).toFixed(1)}, ${(high * 100).toFixed(1)}]` : text;
}

/** "0.123 [0.100, 0.150]" from {estimate, low, high}; "—" when absent. */
function numberInterval(value: unknown, digits: number): string {
  const interval = asRecord(value);
  const estimate = asNumber(interval?.estimate);
  if (estimate === null) return '—';
  const low = asNumber(interval?.low);
  const high = asNumber(interval?.high);
  return low !== null && high !== null ? `${estimate.toFixed(digits)} [${low.toFixed(digits)}, ${high.toFixed(digits)}]` : estimate.toFixed(digits);
}

/** Calibration per model (gap, ECE, Brier, AUROC, selective accuracy, each with its 95% CI). */
export function htmlCalibrationTable(task: TaskAnalysis): string {
  const rows = [...task.models]
    .sort((a, b) => a.params - b.params)
    .map((model) => ({ model, calibration: asRecord((model as unknown as Fields).calibration), items: asNumber((model as unknown as Fields).items) }))
    .filter((row) => row.calibration !== null);
  if (rows.length === 0) return '';
  const cells = rows.map(({ model, calibration, items }) => {
    const values = [
      escapeHtml(formatParams(model.params)),
      items ?? '—',
      percentInterval(calibration!.gap),
      percentInterval(calibration!.ece),
      numberInterval(calibration!.brier, 3),
      numberInterval(calibration!.auroc, 3),
      percentInterval(calibration!.selectiveAccuracy80),
    ];
    return `<tr><td class="task">${escapeHtml(model.model)}</td>${values.map((value) => `<td class="num">${escapeHtml(String(value))}</td>`).join('')}</tr>`;
  });
  return `<h3>Calibration (item-level, 95% bootstrap intervals)</h3>
<div class="table-wrap"><table>
<thead><tr><th>Model</th><th>Size</th><th>Items</th><th>Confidence − accuracy</th><th>ECE (10 equal-mass bins)</th><th>Brier</th><th>AUROC</th><th>Accuracy at 80% coverage</th></tr></thead>
<tbody>${cells.join('\n')}</tbody></table></div>
<p class="lede">ECE below about 300 items is mostly noise (about 0.11 at 100 items for a perfectly calibrated model).</p>`;
}

/** Curve fits across sizes (linear or sigmoid in log size, loss power law), when there are any. */
export function htmlFitsTable(task: TaskAnalysis): string {
  const fits = (task as unknown as Fields).fits;
  if (!Array.isArray(fits) || fits.length === 0) return '';
  const rows = fits.map(asRecord).filter((fit): fit is Fields => fit !== null).map((fit) => {
    const identified = fit.identified === true;
    const next = asRecord(fit.predictedNextDecade);
    const metric = fit.metric === 'loss' ? 'loss' : 'accuracy';
    const nextText = next ? (metric === 'loss' ? numberInterval(next, 3) : percentInterval(next)) : '—';
    const values = [
      String(fit.form ?? '?') + (fit.selected === true ? ' (chosen)' : ''),
      metric,
      identified ? 'yes' : 'not identified',
      asNumber(fit.aicc)?.toFixed(1) ?? '—',
      asNumber(fit.extrapolationError)?.toFixed(3) ?? '—',
      nextText,
      typeof fit.note === 'string' ? fit.note : '',
    ];
    return `<tr>${values.map((value, index) => `<td${index >= 3 && index <= 5 ? ' class="num"' : ''}>${escapeHtml(value)}</td>`).join('')}</tr>`;
  });
  return `<h3>Curve fits across sizes</h3>
<div class="table-wrap"><table>
<thead><tr><th>Form</th><th>Metric</th><th>Identified</th><th>AICc</th><th>Leave-largest-out error</th><th>New model one decade up [95% PI]</th><th>Note</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}
