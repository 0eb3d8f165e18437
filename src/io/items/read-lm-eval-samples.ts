import { basename, dirname } from 'node:path';
import type { ItemLadderCollector } from '../../analysis/items/item-ladder.js';
import { inputError, type InputLocation } from '../../core/errors.js';
import { paramsFromModelName } from '../../core/params.js';
import { logSumExp } from './read-item-results.js';
import { forEachLine, parseJsonLine } from './read-lines.js';

export interface SamplesOptions {
  /** `acc` (argmax of summed log-likelihood) or `acc_norm` (divided by the continuation's UTF-8 bytes). */
  accuracyMetric: 'acc' | 'acc_norm';
  paramsByModel?: Map<string, number>;
}

/** Task name of `samples_<task>_<timestamp>.jsonl` (or `samples_<task>.jsonl`); null when not that pattern. */
export function samplesTaskName(file: string): string | null {
  const name = basename(file);
  const stamped = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[0-9.:-]+)\.jsonl$/.exec(name);
  if (stamped) return stamped[1]!;
  return /^samples_(.+)\.jsonl$/.exec(name)?.[1] ?? null;
}

/** The model of a samples file: lm-eval writes them under `<output>/<org>__<model>/`. */
export function samplesModelName(file: string): string {
  return basename(dirname(file)).replace(/__/g, '/');
}

/** Short model name and family as the lm-eval results reader names them (`pythia-70m`, family `pythia`). */
export function samplesModelAndFamily(file: string): { model: string; shortName: string; family: string | null } {
  const model = samplesModelName(file);
  const shortName = model.split('/').pop()!;
  const segments = shortName.split('-');
  const sizeIndex = segments.findIndex((segment) => /^[0-9]*\.?[0-9]+[kmbt]$/i.test(segment));
  return { model, shortName, family: sizeIndex > 0 ? segments.slice(0, sizeIndex).join('-') : null };
}

const asNumber = (value: unknown): number | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : null;
};

/** Per-option log-likelihoods from `filtered_resps` ([[ll, greedy], …]) or `resps` ([[[ll, greedy]], …]). */
function optionLoglikelihoods(sample: Record<string, unknown>, location: InputLocation): number[] {
  const field = Array.isArray(sample.filtered_resps) ? 'filtered_resps' : 'resps';
  const responses = sample[field];
  if (!Array.isArray(responses) || responses.length < 2) {
    throw inputError({ ...location, field }, 'unknown lm-eval samples shape: expected per-option log-likelihoods in "filtered_resps" or "resps" (a multiple-choice task run with --log_samples), at least two options');
  }
  return responses.map((response, index) => {
    let entry: unknown = response;
    if (field === 'resps' && Array.isArray(entry) && Array.isArray(entry[0])) entry = entry[0];
    const value = Array.isArray(entry) ? asNumber(entry[0]) : null;
    if (value === null) {
      throw inputError({ ...location, field: `${field}[${index}]` }, `unknown lm-eval samples shape: expected [log-likelihood, is_greedy] per option, got ${JSON.stringify(response).slice(0, 80)} (generation tasks carry no option log-likelihoods)`);
    }
    return value;
  });
}

/** Continuation text per option, from `arguments` (list of [context, continuation] or {gen_args_i: {arg_1}}). */
function continuations(sample: Record<string, unknown>): string[] | null {
  const args = sample.arguments;
  if (Array.isArray(args)) return args.map((pair) => (Array.isArray(pair) && typeof pair[1] === 'string' ? pair[1] : ''));
  if (args && typeof args === 'object') {
    return Object.keys(args).sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, ''))).map((key) => {
      const entry = (args as Record<string, unknown>)[key];
      return entry && typeof entry === 'object' && typeof (entry as Record<string, unknown>).arg_1 === 'string' ? ((entry as Record<string, unknown>).arg_1 as string) : '';
    });
  }
  return null;
}

function goldIndex(sample: Record<string, unknown>, options: number, texts: string[] | null, location: InputLocation): number {
  const target = sample.target;
  const numeric = asNumber(target);
  if (numeric !== null && Number.isInteger(numeric) && numeric >= 0 && numeric < options) return numeric;
  if (typeof target === 'string' && texts) {
    const index = texts.findIndex((text) => text.trim() === target.trim());
    if (index >= 0) return index;
  }
  throw inputError({ ...location, field: 'target' }, `unknown lm-eval samples shape: expected "target" to be the gold option's index (0–${options - 1}) or its text; got ${JSON.stringify(target)}`);
}

/**
 * Streams an lm-evaluation-harness `--log_samples` file (`samples_<task>_*.jsonl`) into a
 * collector: correct = argmax (acc, or acc_norm by UTF-8 bytes) is the gold option; confidence =
 * softmax over the options' log-likelihoods of the chosen one; loss = −log softmax of the gold.
 */
export async function readLmEvalSamples(file: string, collector: ItemLadderCollector, options: SamplesOptions): Promise<{ task: string; model: string; rows: number }> {
  const task = samplesTaskName(file);
  if (!task) throw inputError({ file }, 'expected an lm-evaluation-harness samples file named samples_<task>_<timestamp>.jsonl');
  const { model: fullName, shortName: model, family } = samplesModelAndFamily(file);
  const params = options.paramsByModel?.get(fullName) ?? options.paramsByModel?.get(model) ?? paramsFromModelName(model);
  if (params === null) throw inputError({ file, field: 'params' }, `cannot tell the parameter count of model "${model}" (from the folder name); pass --params FILE.csv with columns model,params`);
  const rows = await forEachLine(file, (line, lineNumber) => {
    const location: InputLocation = { file, line: lineNumber };
    const sample = parseJsonLine(line, file, lineNumber);
    const docId = sample.doc_id;
    if (typeof docId !== 'number' && typeof docId !== 'string') throw inputError({ ...location, field: 'doc_id' }, 'unknown lm-eval samples shape: expected a "doc_id" on every line');
    const loglikelihoods = optionLoglikelihoods(sample, location);
    const texts = continuations(sample);
    const gold = goldIndex(sample, loglikelihoods.length, texts, location);
    const scores = options.accuracyMetric === 'acc_norm' && texts && texts.length === loglikelihoods.length
      ? loglikelihoods.map((value, i) => value / Math.max(1, Buffer.byteLength(texts[i]!, 'utf8')))
      : loglikelihoods;
    let chosen = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[chosen]!) chosen = i;
    const normaliser = logSumExp(loglikelihoods);
    collector.add(
      {
        task,
        family,
        model,
        params,
        item: String(docId),
        correct: chosen === gold,
        confidence: Math.exp(loglikelihoods[chosen]! - normaliser),
        goldLogprob: loglikelihoods[gold]!,
        optionLogprobs: loglikelihoods,
        chosen,
        loss: normaliser - loglikelihoods[gold]!,
        method: 'option-logprobs',
      },
      location,
    );
  });
  return { task, model, rows };
}
