import type { ModelProvider, ProviderCapabilities } from '../providers/spec.js';
import type { ResultsRepository } from '../store/results-repository.js';
import { callWithRetries, type RetryPolicy } from './call-with-retries.js';
import { chooseMethod, type ConfidenceSetting, type MeasuredMethod } from './choose-method.js';
import type { RunEvent } from './events.js';
import type { ModelConfig, RunConfig } from './load-config.js';

/** A model ready to measure (provider and method), or one whose probe failed (its items are recorded as errors). */
export type ModelSetup =
  | { kind: 'ready'; model: ModelConfig; provider: ModelProvider; method: MeasuredMethod }
  | { kind: 'failed'; model: ModelConfig; provider: ModelProvider | null; reason: string };

function isCapabilities(value: unknown): value is ProviderCapabilities {
  const v = value as Record<string, unknown> | null;
  return v !== null && typeof v === 'object' && ['optionScoring', 'tokenLogprobs', 'generation'].every((key) => typeof v[key] === 'boolean');
}

/**
 * Creates each model's provider and finds its confidence method: from the store when the run is
 * resumed (the method never changes inside a run), otherwise from one capability probe.
 */
export async function probeModels(context: {
  config: RunConfig;
  repository: ResultsRepository;
  createProvider: (model: ModelConfig) => ModelProvider;
  runId: number;
  policy: RetryPolicy;
  emit: (event: RunEvent) => void;
  stop: AbortSignal;
}): Promise<ModelSetup[]> {
  const stored = new Map(context.repository.getModels(context.runId).map((record) => [record.modelId, record]));
  return Promise.all(context.config.models.map(async (model): Promise<ModelSetup> => {
    const record = { modelId: model.id, provider: model.provider, model: model.model, params: model.params, family: model.family, baseUrl: model.baseUrl ?? null };
    let provider: ModelProvider;
    try {
      provider = context.createProvider(model);
    } catch (error) {
      const reason = `cannot create the provider: ${error instanceof Error ? error.message : String(error)}`;
      context.repository.saveModel(context.runId, { ...record, method: null, capabilitiesJson: null });
      context.emit({ type: 'probe-failed', modelId: model.id, reason });
      return { kind: 'failed', model, provider: null, reason };
    }
    const previous = stored.get(model.id);
    if (previous?.method && previous.capabilitiesJson && previous.provider === model.provider && previous.model === model.model) {
      const capabilities = JSON.parse(previous.capabilitiesJson) as ProviderCapabilities;
      context.emit({ type: 'probe', modelId: model.id, capabilities, method: previous.method as MeasuredMethod, fromStore: true });
      return { kind: 'ready', model, provider, method: previous.method as MeasuredMethod };
    }
    const outcome = await callWithRetries((signal) => provider.probe(signal), context.policy, { stop: context.stop });
    let reason: string;
    if (outcome.ok && isCapabilities(outcome.value)) {
      const chosen = chooseMethod(outcome.value, context.config.confidence as ConfidenceSetting);
      if (typeof chosen === 'string') {
        context.repository.saveModel(context.runId, { ...record, method: chosen, capabilitiesJson: JSON.stringify(outcome.value) });
        context.emit({ type: 'probe', modelId: model.id, capabilities: outcome.value, method: chosen, fromStore: false });
        return { kind: 'ready', model, provider, method: chosen };
      }
      reason = `confidence: ${context.config.confidence} is not possible: ${chosen.unavailable}`;
    } else {
      reason = `capability probe failed: ${outcome.ok ? 'malformed capabilities' : outcome.failure.reason}`;
    }
    context.repository.saveModel(context.runId, { ...record, method: null, capabilitiesJson: null });
    context.emit({ type: 'probe-failed', modelId: model.id, reason });
    return { kind: 'failed', model, provider, reason };
  }));
}
