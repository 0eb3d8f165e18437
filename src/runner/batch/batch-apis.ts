import { createAnthropicBatchClient } from '../../providers/anthropic/anthropic-batch-client.js';
import { createOpenAiBatchClient } from '../../providers/openai/openai-batch-client.js';
import type { ModelConfig } from '../load-config.js';
import { anthropicBatchApi } from './anthropic-batch-api.js';
import type { BatchApi } from './batch-api.js';
import { BATCH_LIMITS, type BatchLimits } from './batch-limits.js';
import { openAiBatchApi } from './openai-batch-api.js';

/** Opens a provider's batch API for a model with its key (read from the environment here, never stored). */
type BatchApiFactory = (model: ModelConfig, apiKey: string, timeoutMs: number) => BatchApi;

/** The batch APIs the providers declare (a provider without one is measured live): the registry, like the provider factories. */
const BATCH_APIS: Partial<Record<ModelConfig['provider'], BatchApiFactory>> = {
  openai: (model, apiKey, timeoutMs) => openAiBatchApi(createOpenAiBatchClient(model.baseUrl!, apiKey, timeoutMs)),
  anthropic: (model, apiKey, timeoutMs) => anthropicBatchApi(createAnthropicBatchClient(model.baseUrl!, apiKey, timeoutMs)),
};

/** What a provider's batch API offers a model: its limits and price, and a way to open it; undefined when it has none. */
export interface BatchSupport {
  limits: BatchLimits;
  open(timeoutMs: number, env?: NodeJS.ProcessEnv): BatchApi;
}

/** The batch support of a model's provider, or undefined: the provider declares none. */
export function batchSupportOf(model: ModelConfig): BatchSupport | undefined {
  const factory = BATCH_APIS[model.provider];
  const limits = BATCH_LIMITS[model.provider];
  if (!factory || !limits) return undefined;
  return { limits, open: (timeoutMs, env = process.env) => factory(model, model.apiKeyEnv === undefined ? '' : (env[model.apiKeyEnv] ?? ''), timeoutMs) };
}

/** Providers that declare a batch API. */
export const BATCH_PROVIDERS: ReadonlyArray<ModelConfig['provider']> = (Object.keys(BATCH_APIS) as Array<ModelConfig['provider']>).filter((provider) => BATCH_LIMITS[provider]);
