import { ScalegapError } from '../core/errors.js';
import type { ModelProvider } from '../providers/spec.js';
import type { ModelConfig } from './load-config.js';

/** Builds a provider for a model of the config; API keys are read from `env` here and nowhere else. */
export type ProviderFactory = (model: ModelConfig, env: NodeJS.ProcessEnv) => ModelProvider;

const FACTORIES: Partial<Record<ModelConfig['provider'], ProviderFactory>> = {};

/** Creates the provider of a model from the registry of provider factories. */
export function createProvider(model: ModelConfig, env: NodeJS.ProcessEnv = process.env): ModelProvider {
  const factory = FACTORIES[model.provider];
  if (!factory) throw new ScalegapError('PROVIDER_FAILED', `the ${model.provider} provider is not available in this build`);
  return factory(model, env);
}
