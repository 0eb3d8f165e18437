import { availableParallelism } from 'node:os';
import { ScalegapError } from '../core/errors.js';
import { createAnthropicProvider } from '../providers/anthropic/anthropic-provider.js';
import { createHostedLlamaCppProvider } from '../providers/llama-cpp/hosted-llama-cpp-provider.js';
import { createLlamaCppProvider } from '../providers/llama-cpp/llama-cpp-provider.js';
import { createOpenAiProvider } from '../providers/openai/openai-provider.js';
import type { ModelProvider } from '../providers/spec.js';
import type { ModelConfig } from './load-config.js';

/** Run-wide settings a provider needs besides its model. */
export interface ProviderSettings {
  timeoutMs: number;
  /** The HTTP client of the HTTP providers (default: their node:http transport). */
  fetch?: typeof globalThis.fetch;
  /**
   * The run's llama-cpp models: with two or more, each runs in a child process (at most one per core,
   * or SCALEGAP_LLAMA_HOSTS; the models share them), as one process cannot keep the cores busy with several.
   */
  localModels?: number;
}

/** Builds a provider for a model of the config; API keys are read from `env` here and nowhere else. */
export type ProviderFactory = (model: ModelConfig, env: NodeJS.ProcessEnv, settings: ProviderSettings) => ModelProvider;

/** The model's key from the variable its config resolved (`apiKeyEnv`); '' (send none) when it has none. */
function keyOf(model: ModelConfig, env: NodeJS.ProcessEnv): string {
  return model.apiKeyEnv === undefined ? '' : (env[model.apiKeyEnv] ?? '');
}

const FACTORIES: Record<ModelConfig['provider'], ProviderFactory> = {
  openai: (model, env, settings) =>
    createOpenAiProvider({
      baseURL: model.baseUrl, apiKey: keyOf(model, env), model: model.model, timeoutMs: settings.timeoutMs, fetch: settings.fetch, minOutputTokens: model.minOutputTokens,
    }),
  anthropic: (model, env, settings) =>
    createAnthropicProvider({ baseURL: model.baseUrl, apiKey: keyOf(model, env), model: model.model, timeoutMs: settings.timeoutMs, fetch: settings.fetch }),
  // one thread per model: on small shared machines more threads spin against each other (6× slower measured with 2)
  'llama-cpp': (model, _env, settings) => {
    const options = { modelPath: model.model, modelId: model.id, threads: model.threads ?? 1 };
    const hosts = Math.min(settings.localModels ?? 1, llamaHostLimit());
    return hosts >= 2 ? createHostedLlamaCppProvider(options, hosts) : createLlamaCppProvider(options);
  },
};

/** Creates the provider of a model from the registry of provider factories. */
export function createProvider(model: ModelConfig, settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): ModelProvider {
  const factory = FACTORIES[model.provider] as ProviderFactory | undefined;
  if (!factory) throw new ScalegapError('PROVIDER_FAILED', `the ${model.provider} provider is not available in this build`);
  return factory(model, env, settings);
}

/** At most this many llama host processes: SCALEGAP_LLAMA_HOSTS (0 or 1: every model in this process), else one per core. */
function llamaHostLimit(): number {
  const configured = Number(process.env.SCALEGAP_LLAMA_HOSTS);
  return process.env.SCALEGAP_LLAMA_HOSTS !== undefined && Number.isInteger(configured) && configured >= 0 ? configured : availableParallelism();
}

/** How many of these models run locally through node-llama-cpp (see ProviderSettings.localModels). */
export function localModelCount(models: readonly ModelConfig[]): number {
  return models.filter((model) => model.provider === 'llama-cpp').length;
}
