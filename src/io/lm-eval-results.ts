import { inputError } from '../core/errors.js';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';
import { paramsFromModelName } from '../core/params.js';
import type { AccuracyMetric } from './long-records.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when a parsed JSON document looks like an lm-evaluation-harness results file. */
export function isLmEvalResults(document: unknown): document is Json {
  return isObject(document) && ('results' in document || 'config' in document || 'configs' in document || 'versions' in document);
}

/** The model name an lm-eval file names: `pretrained=` of model_args, or model_name. */
export function lmEvalModelName(document: Json): string | null {
  const config = isObject(document.config) ? document.config : {};
  const modelArgs = typeof config.model_args === 'string' ? config.model_args : typeof document.model_args === 'string' ? document.model_args : '';
  const pretrained = /(?:^|,)\s*pretrained=([^,]+)/.exec(modelArgs)?.[1];
  const name = pretrained ?? (typeof document.model_name === 'string' ? document.model_name : typeof config.model_name === 'string' ? config.model_name : null);
  return name ? name.trim() : null;
}

/** A metric of one task, in the v0.3 layout (`acc`) or the current one (`acc,none`). */
function metricValue(metrics: Json, name: string): number | null {
  const exact = metrics[name];
  if (typeof exact === 'number') return Number.isFinite(exact) ? exact : null;
  const filtered = Object.keys(metrics).filter((key) => key.startsWith(`${name},`));
  const key = filtered.find((candidate) => candidate === `${name},none`) ?? filtered[0];
  const value = key !== undefined ? metrics[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Reads one lm-evaluation-harness results file (one model): accuracy (`acc` or `acc_norm`) with its
 * stderr, and loss = ln(ppl) where the task reports a perplexity. Tasks with neither are skipped.
 */
export function readLmEvalResults(
  document: Json,
  file: string,
  options: { accuracyMetric: AccuracyMetric; paramsByModel?: Map<string, number> },
): { measurements: Measurement[]; shots: string | null; skippedTasks: string[] } {
  if (!isObject(document.results)) throw inputError({ file, path: '$.results', field: 'results' }, 'expected a "results" object (an lm-evaluation-harness results file)');
  if (Object.keys(document.results).length === 0) throw inputError({ file, path: '$.results', field: 'results' }, '"results" is empty: this lm-evaluation-harness run evaluated no task');
  const model = lmEvalModelName(document);
  if (!model) throw inputError({ file, path: '$.config.model_args', field: 'model_args' }, 'cannot tell which model this is; expected config.model_args with pretrained=NAME, or model_name');
  const shortName = model.split('/').pop()!;
  const config = isObject(document.config) ? document.config : {};
  // HFLM.get_model_info (lm_eval/models/huggingface.py) stores the exact count, or -1 when unknown
  const counted = typeof config.model_num_parameters === 'number' && config.model_num_parameters > 0 ? config.model_num_parameters : null;
  const params = options.paramsByModel?.get(model) ?? options.paramsByModel?.get(shortName) ?? counted ?? paramsFromModelName(shortName);
  if (params === null) {
    throw inputError({ file, path: '$.config.model_args', field: 'model_args' }, `cannot tell the parameter count of "${model}" from its name; give --params FILE.csv with columns model,params`);
  }
  const segments = shortName.split('-');
  const sizeIndex = segments.findIndex((segment) => /^[0-9]*\.?[0-9]+[kmbt]$/i.test(segment));
  const family = sizeIndex > 0 ? segments.slice(0, sizeIndex).join('-') : null;
  const nSamples = isObject(document['n-samples']) ? document['n-samples'] : {};
  const shots = config.num_fewshot !== undefined && config.num_fewshot !== null ? String(config.num_fewshot) : null;
  const measurements: Measurement[] = [];
  const skippedTasks: string[] = [];
  for (const [task, value] of Object.entries(document.results)) {
    if (!isObject(value)) throw inputError({ file, path: `$.results.${task}`, field: task }, 'expected an object of metrics');
    const accuracy = metricValue(value, options.accuracyMetric);
    const ppl = metricValue(value, 'ppl') ?? metricValue(value, 'perplexity');
    if (accuracy === null && ppl === null) {
      skippedTasks.push(task);
      continue;
    }
    if (ppl !== null && !(ppl >= 1)) throw inputError({ file, path: `$.results.${task}.ppl`, field: 'ppl' }, `perplexity ${ppl} is below 1 (a negative loss); a perplexity is at least 1`);
    if (accuracy !== null && (accuracy < 0 || accuracy > 1)) throw inputError({ file, path: `$.results.${task}.${options.accuracyMetric}`, field: options.accuracyMetric }, `${accuracy} is outside [0, 1]`);
    const measurement = emptyMeasurement(task, shortName, params);
    measurement.family = family;
    measurement.source = file;
    measurement.accuracy = accuracy;
    measurement.accuracyPct = accuracy !== null ? accuracy * 100 : null;
    measurement.accuracySe = accuracy !== null ? metricValue(value, `${options.accuracyMetric}_stderr`) : null;
    if (ppl !== null) {
      measurement.loss = Math.log(ppl);
      const pplSe = metricValue(value, 'ppl_stderr') ?? metricValue(value, 'perplexity_stderr');
      measurement.lossSe = pplSe !== null ? pplSe / ppl : null;
    }
    const counts = nSamples[task];
    const n = isObject(counts) ? (counts.effective ?? counts.original) : null;
    measurement.n = typeof n === 'number' && n > 0 ? n : null;
    measurements.push(measurement);
  }
  if (measurements.length === 0) {
    throw inputError({ file, path: '$.results', field: 'results' }, `no task reports ${options.accuracyMetric} or a perplexity (${skippedTasks.join(', ')}); try --metric acc_norm or another results file`);
  }
  return { measurements, shots, skippedTasks };
}
