import type { RunConfig } from './load-config.js';
import { buildRequest } from './build-request.js';
import type { MeasuredMethod } from './choose-method.js';
import { samplesFor, selectItems } from './work-unit.js';

/** A dry run's plan for one model. */
export interface ModelEstimate {
  modelId: string;
  /** The method the estimate assumes (auto is estimated as verbalized: the costliest single-request method). */
  assumedMethod: MeasuredMethod;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; null without a price in the config. */
  costUsd: number | null;
}

/** Rough token count of a text: one token per 4 UTF-8 bytes, at least one. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / 4));
}

function assumedMethod(setting: RunConfig['confidence']): MeasuredMethod {
  if (setting === 'consistency') return 'consistency';
  if (setting === 'logprobs') return 'option-logprobs';
  return 'verbalized';
}

/** Plans a run without sending anything: requests, tokens and cost per model (upper-bound output tokens). */
export function estimateRun(config: RunConfig, limit: number | undefined): ModelEstimate[] {
  const items = selectItems(config.tasks, limit);
  const method = assumedMethod(config.confidence);
  const samples = samplesFor(method, config.samples);
  let inputTokens = 0;
  let outputTokens = 0;
  for (const { item } of items) {
    const request = buildRequest(method, item, 0);
    inputTokens += samples * (estimateTokens(request.prompt) + (request.kind === 'score' ? request.options.reduce((sum, option) => sum + estimateTokens(option), 0) : 0));
    outputTokens += samples * (request.kind === 'generate' ? request.maxTokens : 0);
  }
  return config.models.map((model) => ({
    modelId: model.id,
    assumedMethod: method,
    requests: items.length * samples,
    inputTokens,
    outputTokens,
    costUsd: model.price ? (inputTokens * model.price.inputPerMTok + outputTokens * model.price.outputPerMTok) / 1e6 : null,
  }));
}
