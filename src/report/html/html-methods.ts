import type { AnalysisResult } from '../../analysis/analyze.js';
import { taskLabel } from '../charts/model-points.js';
import { escapeHtml } from './escape-html.js';
import type { ReportMeta } from './report-meta.js';

const DEFINITIONS = `<h3>Definitions</h3>
<ul>
<li><strong>Slopes</strong> are ordinary least squares fits of a metric on x = log<sub>10</sub>(parameters): the change per tenfold increase in size. Accuracy and confidence are fractions (slopes shown in percentage points), loss is the mean negative log-likelihood of the gold answer in nats, and the <strong>gap</strong> is mean confidence − accuracy (above 0: overconfident).</li>
<li><strong>Intervals</strong> are 95%. With aggregate data the slope's standard error is the larger of the scatter of the models around the trend (t with k − 2 degrees of freedom) and the item sampling error propagated through the fit (normal); with item-level data, a paired item bootstrap, widened to the model scatter when that is larger.</li>
<li><strong>Verdict</strong> (first match wins): <em>insufficient</em> (fewer than 3 sizes or no uncertainty; an interval of zero width, or a slope that is zero to rounding, is no uncertainty estimate, and a ladder with no variation at all is <em>flat</em>, never a trend), <em>inverse</em> (accuracy slope interval entirely below 0), <em>improving</em> (entirely above 0), <em>decoupled</em> (the loss slope's interval is entirely below 0 <strong>and</strong> the upper end of the accuracy slope's 90% interval is below δ: loss credibly improves while accuracy credibly does not keep up; failing to show an improvement is not showing its absence), <em>flat</em> (the 90% interval of the accuracy slope lies inside ±δ per decade: an equivalence test), <em>inconclusive</em> (none of these; the recommendation says how many items, or that more sizes, would settle it).</li>
<li><strong>Many tasks</strong>: the tests behind the verdicts are adjusted across the tasks of one analysis, Holm (family-wise error 5%) by default, Benjamini–Hochberg with <span class="mono">--fdr Q</span>, none with <span class="mono">--no-adjust</span>. Each verdict's claim has a p-value (trend: two-sided test of slope 0; flat: the two one-sided tests at ±δ; decoupled: the larger of the loss test and the one-sided accuracy test at δ), from the more conservative of the bootstrap and model-scatter sources; a verdict whose adjusted p-value is not below the level becomes inconclusive, and the summary says how many survive.</li>
<li><strong>Overconfidence</strong> is growing, shrinking or stable from the gap slope's interval (unknown below 3 sizes); <strong>non-monotonic</strong> means a smaller model beats a larger one by more than their measurement error, with all pairs held to a 5% family-wise error rate (Holm over the one-sided pair tests).</li>
<li><strong>Calibration</strong> (item-level results only): ECE over 10 equal-mass confidence bins (the reliability diagrams draw the same bins), Brier score with its Murphy decomposition (the binned approximation over those 10 bins: reliability − resolution + uncertainty equals the Brier score only when each bin holds one confidence value), AUROC of confidence for correctness and accuracy on the most confident 80% of items, each with a paired-bootstrap 95% interval. Tied confidences (verbalised 0.1 steps, a constant confidence, the copies of a resampled item) are one value: a block of ties goes whole into one bin (as HELM's equal-mass bins keep them), and a coverage cut takes the whole block at the cut, so no figure depends on the order of the rows. ECE-type figures (both ECEs, smooth ECE, Brier reliability) are above 0 even for a perfectly calibrated model, so their intervals are tested against perfect calibration: outcomes are redrawn from the model's own confidences (up to 1,000 times), and the interval's low end is 0 whenever the observed figure is not above what such a model shows in 95% of the draws (p ≥ 0.05); otherwise it is the bootstrap percentile interval shifted by the bootstrap's bias estimate. A calibrated model's interval therefore reaches 0 at least 95% of the time. <strong>Curve fits</strong> (5 or more sizes): linear and sigmoid in log size for accuracy, a power law for loss, compared by AICc and by how well each predicts the largest model when fitted without it.</li>
<li><strong>Recommendation</strong>: the smallest model whose accuracy is not credibly below the best one's (one-sided 95% bound of the difference under the margin), tested in fixed order from the largest size down, with replicate models of one size tested as one group; "don't scale" when the task is decoupled, flat or inverse, and then too the model named is the one that passes this test, never the smallest by default; a hybrid cascade when one is measured to be as good as the large model at lower cost (threshold chosen on one half of the items by a one-sided 95% Clopper–Pearson bound, checked on the other half; the halves come from SHA-256 of the item id).</li>
</ul>`;

const NOTEBOOK = `<h3>The notebook's formula, and why scalegap's verdict can differ</h3>
<p>The course notebook regresses loss and accuracy (in %) on the natural log of size and reports</p>
<p class="formula mono">ccg = loss_slope / accuracy_slope; |accuracy_slope| &lt; 0.01 → ccg = −∞ (loss falling) "Pathological"; ccg &lt; −10 "Severe pathology"; ccg &lt; 0 "Mild pathology"; otherwise "Healthy"</p>
<ul>
<li>Healthy scaling (loss down, accuracy up) always gives a negative ccg, so the best label it can reach is "Mild pathology"; inverse scaling with falling loss reads "Healthy".</li>
<li>With accuracy in % the thresholds −5, −10 and −20 are practically unreachable, and the 0.01 "flat" cut-off is far below the noise of any real measurement.</li>
<li>The ratio explodes and flips sign as the accuracy slope nears 0, carries no uncertainty, and never uses the confidence the notebook plots.</li>
</ul>
<p>scalegap shows the notebook's block in every task section for continuity, and its own verdict, which rests on the intervals above.</p>`;

/** The methods section, with the tasks where scalegap and the notebook disagree named. */
export function htmlMethods(result: AnalysisResult): string {
  const disagreements = result.tasks
    .map((task, index) => ({ task, index, note: task.notes.find((note) => note.startsWith('The notebook reads')) }))
    .filter((entry) => entry.note !== undefined);
  const list = disagreements.length === 0
    ? '<p>On this data scalegap\'s verdicts and the notebook\'s labels do not contradict each other.</p>'
    : `<p>Where they disagree on this data:</p><ul>${disagreements.map((entry) => `<li><a href="#task-${entry.index + 1}">${escapeHtml(taskLabel(entry.task))}</a>: ${escapeHtml(entry.note!)}</li>`).join('\n')}</ul>`;
  const adjustment = result.adjustment ? `<p>On this data: ${escapeHtml(result.adjustment.text)}</p>` : '';
  return `<section id="methods"><h2>Methods</h2>${DEFINITIONS}${adjustment}${NOTEBOOK}${list}</section>`;
}

/** The provenance section: inputs, options, versions. */
export function htmlProvenance(meta: ReportMeta, versions: Record<string, string>): string {
  const rows: Array<[string, string]> = [];
  if (meta.runId) rows.push(['Stored run', meta.runId]);
  for (const source of meta.sources ?? []) rows.push(['Input', source]);
  for (const [key, value] of Object.entries(meta.options ?? {})) rows.push([`Option ${key}`, String(value)]);
  if (meta.version) rows.push(['scalegap', meta.version]);
  if (meta.generatedAt) rows.push(['Written', meta.generatedAt]);
  rows.push(['Charts', `vega ${versions.vega}, vega-lite ${versions.vegaLite}, vega-embed ${versions.vegaEmbed} (inlined; the report makes no network request)`]);
  const notes = (meta.notes ?? []).map((note) => `<p>${escapeHtml(note)}</p>`).join('\n');
  return `<section id="provenance"><h2>Provenance</h2>
<div class="table-wrap"><table><tbody>${rows.map(([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td class="task">${escapeHtml(value)}</td></tr>`).join('\n')}</tbody></table></div>
${notes}</section>`;
}
