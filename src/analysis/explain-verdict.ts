import type { AnalysisOptions, TaskAnalysis } from './task-analysis.js';
import { isEvidence } from './verdict.js';

const pp = (fraction: number): string => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} pp`;

/** Plain-language notes on a task: what the verdict rests on and where the notebook disagrees. */
export function explainVerdict(analysis: TaskAnalysis, options: AnalysisOptions): string[] {
  const notes: string[] = [];
  const accuracy = analysis.slopes.accuracy;
  if (analysis.verdict === 'insufficient') {
    notes.push(
      accuracy && accuracy.low === null
        ? 'No uncertainty can be put on the accuracy trend (give n or accuracy_se, or measure more sizes).'
        : 'Fewer than 3 model sizes: a trend cannot be judged.',
    );
  } else if (accuracy && accuracy.low !== null && accuracy.high !== null) {
    notes.push(
      `Accuracy changes ${pp(accuracy.estimate)} per decade of parameters (95% CI ${pp(accuracy.low)} to ${pp(accuracy.high)}, ${accuracy.uncertainty === 'sampling' ? 'item sampling error' : accuracy.uncertainty === 'bootstrap' ? 'paired item bootstrap' : 'scatter of the models around the trend'}).`,
    );
  }
  const upper90 = accuracy?.interval90?.high ?? null;
  const loss = analysis.slopes.loss;
  const lossFalls = !!loss && isEvidence(loss) && loss.high! < 0;
  if (analysis.verdict === 'flat') {
    notes.push(accuracy && !isEvidence(accuracy)
      ? 'Accuracy does not vary at all across the models: flat (there is no sampling noise to test against).'
      : `The 90% CI of the accuracy slope lies inside ±${pp(options.delta).slice(1)} per decade: flat.`);
  }
  if (analysis.verdict === 'decoupled' && upper90 !== null) {
    notes.push(`Loss credibly falls with size and accuracy credibly does not keep up: the 90% upper bound of its slope, ${pp(upper90)} per decade, is below ${pp(options.delta)} (decoupled).`);
  }
  if (analysis.verdict === 'inconclusive' && lossFalls && upper90 !== null && upper90 >= options.delta) {
    notes.push(`Loss credibly falls, but accuracy may still gain up to ${pp(upper90)} per decade (90% upper bound, not below ${pp(options.delta)}): decoupling is not shown, so this is no reason not to scale.`);
  }
  const notebook = analysis.notebook;
  if (notebook) {
    const notebookSaysHealthy = notebook.interpretation.startsWith('Healthy');
    const notebookSaysBad = notebook.interpretation.startsWith('Pathological') || notebook.interpretation.startsWith('Severe');
    if (analysis.verdict === 'improving' && !notebookSaysHealthy) {
      notes.push(
        `The notebook reads "${notebook.interpretation}", but accuracy credibly improves: with loss falling and accuracy rising, ccg = loss slope / accuracy slope is always negative, so healthy scaling can never read "Healthy".`,
      );
    } else if (notebookSaysHealthy && (analysis.verdict === 'inverse' || analysis.verdict === 'decoupled' || analysis.verdict === 'flat')) {
      notes.push(`The notebook reads "${notebook.interpretation}", but scalegap finds the task ${analysis.verdict}: a positive ccg also arises when loss and accuracy both get worse.`);
    } else if (notebook.recommendation.startsWith("Don't scale") && (analysis.verdict === 'inconclusive' || analysis.verdict === 'improving')) {
      notes.push(`The notebook reads "${notebook.interpretation}" and recommends "${notebook.recommendation}", but the data do not show that a larger model fails to help: scalegap finds the task ${analysis.verdict}.`);
    } else if (notebookSaysBad && analysis.verdict !== 'decoupled' && analysis.verdict !== 'flat' && analysis.verdict !== 'inverse') {
      notes.push(`The notebook reads "${notebook.interpretation}" from a near-zero accuracy slope; its 0.01 %/ln-unit cut-off ignores measurement noise.`);
    }
  }
  if (analysis.nonMonotonic) notes.push('A smaller model beats a larger one by more than the measurement error (non-monotonic).');
  return notes;
}
