import type { Capability, ProviderCapabilities, RequestSettings } from '../providers/spec.js';

/** Every capability, in the order methods prefer them. */
export const CAPABILITIES: readonly Capability[] = ['optionScoring', 'tokenLogprobs', 'generation'];

/** How capabilities are named to users. */
export const CAPABILITY_LABELS: Record<Capability, string> = {
  optionScoring: 'option scoring',
  tokenLogprobs: 'letter log-probs',
  generation: 'generation',
};

/**
 * What the capability probe found for a model, as stored in `models.capabilities_json`: each
 * capability true, false or null (not asked: the method was settled before it), the reason for
 * each "no", the evidence (one line per request), and the request settings learned from refusals.
 */
export interface ProbeRecord {
  capabilities: Record<Capability, boolean | null>;
  reasons: Partial<Record<Capability, string>>;
  evidence: Partial<Record<Capability, string[]>>;
  requestSettings: RequestSettings;
}

export function emptyProbeRecord(): ProbeRecord {
  return { capabilities: { optionScoring: null, tokenLogprobs: null, generation: null }, reasons: {}, evidence: {}, requestSettings: {} };
}

/** The capabilities with "not asked" read as "no" (what the method choice needs). */
export function knownCapabilities(record: ProbeRecord): ProviderCapabilities {
  return { optionScoring: record.capabilities.optionScoring === true, tokenLogprobs: record.capabilities.tokenLogprobs === true, generation: record.capabilities.generation === true };
}

export function probeRecordJson(record: ProbeRecord): string {
  return JSON.stringify({ ...record.capabilities, reasons: record.reasons, evidence: record.evidence, requestSettings: record.requestSettings });
}

/** Reads a stored probe record (also the older form, three booleans only); undefined when it is not one. */
export function parseProbeRecord(json: string | null): ProbeRecord | undefined {
  if (json === null) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = emptyProbeRecord();
  for (const capability of CAPABILITIES) {
    const known = value[capability];
    if (known !== null && typeof known !== 'boolean') return undefined;
    record.capabilities[capability] = known;
  }
  const object = (key: string): Record<string, never> => (typeof value[key] === 'object' && value[key] !== null ? (value[key] as Record<string, never>) : {});
  return { ...record, reasons: object('reasons'), evidence: object('evidence'), requestSettings: object('requestSettings') };
}
