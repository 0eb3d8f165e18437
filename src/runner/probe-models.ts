import type { Capability, ModelProvider } from '../providers/spec.js';
import type { ModelRecord, ResultsRepository } from '../store/results-repository.js';
import { callWithRetries, type RetryPolicy } from './call-with-retries.js';
import { chooseMethod, type ConfidenceSetting, type MeasuredMethod } from './choose-method.js';
import type { RunEvent } from './events.js';
import type { ModelConfig, RunConfig } from './load-config.js';
import { CAPABILITIES, CAPABILITY_LABELS, emptyProbeRecord, knownCapabilities, parseProbeRecord, probeRecordJson, type ProbeRecord } from './probe-record.js';

/** A model ready to measure (provider and method), or one whose probe failed (its items are recorded as errors). */
export type ModelSetup =
  | { kind: 'ready'; model: ModelConfig; provider: ModelProvider; method: MeasuredMethod; probe: ProbeRecord }
  | { kind: 'failed'; model: ModelConfig; provider: ModelProvider | null; reason: string };

/** The capabilities a confidence setting can use, in order of preference: the probe stops at the first one supported. */
const WANTED: Record<ConfidenceSetting, Capability[]> = {
  auto: ['optionScoring', 'tokenLogprobs', 'generation'],
  logprobs: ['optionScoring', 'tokenLogprobs'],
  verbalized: ['generation'],
  consistency: ['generation'],
};

/** The most requests one capability question takes (three answers, each with up to two request shapes). */
const REQUESTS_PER_QUESTION = 6;

interface ProbeContext {
  config: RunConfig;
  repository: ResultsRepository;
  createProvider: (model: ModelConfig) => ModelProvider;
  runId: number;
  policy: RetryPolicy;
  emit: (event: RunEvent) => void;
  stop: AbortSignal;
}

/** Asks the capabilities the setting needs, one at a time with retries; a failure that retries cannot cure is thrown as its reason. */
async function probeProvider(provider: ModelProvider, setting: ConfidenceSetting, context: ProbeContext): Promise<ProbeRecord | string> {
  const record = emptyProbeRecord();
  const probeCapability = provider.probeCapability?.bind(provider);
  if (!probeCapability) {
    const outcome = await callWithRetries((signal) => provider.probe(signal), context.policy, { stop: context.stop });
    if (!outcome.ok) return `capability probe failed: ${outcome.failure.reason}`;
    for (const capability of CAPABILITIES) record.capabilities[capability] = outcome.value[capability] === true;
    return record;
  }
  // One question may take several requests (repeated answers, fallback request shapes), each with its own timeout.
  const policy = { ...context.policy, timeoutMs: context.policy.timeoutMs * REQUESTS_PER_QUESTION };
  for (const capability of WANTED[setting]) {
    const outcome = await callWithRetries((signal) => probeCapability(capability, signal), policy, { stop: context.stop });
    if (!outcome.ok) return `capability probe (${CAPABILITY_LABELS[capability]}) failed: ${outcome.failure.reason}`;
    record.capabilities[capability] = outcome.value.supported;
    record.evidence[capability] = outcome.value.evidence;
    if (outcome.value.reason !== undefined) record.reasons[capability] = outcome.value.reason;
    if (outcome.value.supported) break;
  }
  record.requestSettings = provider.requestSettings?.() ?? {};
  return record;
}

/** The stored fields of a model that the config gives. */
function modelRecord(model: ModelConfig): Omit<ModelRecord, 'method' | 'capabilitiesJson'> {
  return { modelId: model.id, provider: model.provider, model: model.model, params: model.params, family: model.family, baseUrl: model.baseUrl ?? null };
}

function unavailableReason(setting: ConfidenceSetting, unavailable: string, record: ProbeRecord): string {
  const noes = CAPABILITIES.filter((capability) => record.reasons[capability] !== undefined)
    .map((capability) => `${CAPABILITY_LABELS[capability]}: ${record.reasons[capability]}`);
  return `confidence: ${setting} is not possible: ${unavailable}${noes.length > 0 ? ` (${noes.join('; ')})` : ''}`;
}

/**
 * Creates each model's provider and finds its confidence method: from the store when the run is
 * resumed (the method never changes inside a run; the provider adopts what that probe found and
 * the request settings learned), otherwise from a capability probe that asks only what the
 * confidence setting can use (`confidence: verbalized` never touches echo scoring).
 */
export async function probeModels(context: ProbeContext): Promise<ModelSetup[]> {
  const stored = new Map(context.repository.getModels(context.runId).map((record) => [record.modelId, record]));
  const setting = context.config.confidence as ConfidenceSetting;
  return Promise.all(context.config.models.map(async (model): Promise<ModelSetup> => {
    const record = modelRecord(model);
    const fail = (reason: string, provider: ModelProvider | null): ModelSetup => {
      context.repository.saveModel(context.runId, { ...record, method: null, capabilitiesJson: null });
      context.emit({ type: 'probe-failed', modelId: model.id, reason });
      return { kind: 'failed', model, provider, reason };
    };
    let provider: ModelProvider;
    try {
      provider = context.createProvider(model);
    } catch (error) {
      return fail(`cannot create the provider: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    const previous = stored.get(model.id);
    const previousProbe = parseProbeRecord(previous?.capabilitiesJson ?? null);
    if (previous?.method && previousProbe && previous.provider === model.provider && previous.model === model.model) {
      provider.adoptCapabilities?.(knownCapabilities(previousProbe));
      provider.restoreRequestSettings?.(previousProbe.requestSettings);
      const method = previous.method as MeasuredMethod;
      context.emit({ type: 'probe', modelId: model.id, probe: previousProbe, method, fromStore: true });
      return { kind: 'ready', model, provider, method, probe: previousProbe };
    }
    const probe = await probeProvider(provider, setting, context);
    if (typeof probe === 'string') return fail(probe, provider);
    const chosen = chooseMethod(knownCapabilities(probe), setting);
    if (typeof chosen !== 'string') return fail(unavailableReason(setting, chosen.unavailable, probe), provider);
    context.repository.saveModel(context.runId, { ...record, method: chosen, capabilitiesJson: probeRecordJson(probe) });
    context.emit({ type: 'probe', modelId: model.id, probe, method: chosen, fromStore: false });
    return { kind: 'ready', model, provider, method: chosen, probe };
  }));
}

/** Stores the request settings a model's provider learned during the run (a resume then starts from them). */
export function saveLearnedSettings(repository: ResultsRepository, runId: number, setup: ModelSetup): void {
  if (setup.kind !== 'ready' || !setup.provider.requestSettings) return;
  const learned = setup.provider.requestSettings();
  if (JSON.stringify(learned) === JSON.stringify(setup.probe.requestSettings)) return;
  setup.probe.requestSettings = learned;
  repository.saveModel(runId, { ...modelRecord(setup.model), method: setup.method, capabilitiesJson: probeRecordJson(setup.probe) });
}
