import { canonicalJson } from './request-key.js';

/** Config fields that say where and how fast a run went, not what it measured: they may differ between shards. */
const OPERATIONAL_FIELDS = ['file', 'store', 'taskFiles', 'concurrency', 'timeoutMs', 'retries', 'batch'] as const;
/** Model fields of the same kind (each machine may reach its own replica of the model, with its own key). */
const OPERATIONAL_MODEL_FIELDS = ['baseUrl', 'apiKeyEnv', 'concurrency', 'threads'] as const;

/**
 * What a stored run measured, as canonical JSON: its config JSON without the operational fields
 * above. Two stores hold the same run (shards of it, or copies) when their identities are equal.
 */
export function measurementIdentity(configJson: string): string {
  const config = JSON.parse(configJson) as Record<string, unknown>;
  for (const field of OPERATIONAL_FIELDS) delete config[field];
  if (Array.isArray(config.models)) {
    config.models = (config.models as Array<Record<string, unknown>>).map((model) => {
      const copy = { ...model };
      for (const field of OPERATIONAL_MODEL_FIELDS) delete copy[field];
      return copy;
    });
  }
  return canonicalJson(config);
}

/** The first top-level (or `models[i].field`) difference between two identities, for an error message. */
export function firstDifference(a: string, b: string): string {
  const left = JSON.parse(a) as Record<string, unknown>;
  const right = JSON.parse(b) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    if (canonicalJson(left[key]) === canonicalJson(right[key])) continue;
    if (key === 'models' && Array.isArray(left.models) && Array.isArray(right.models)) {
      const [l, r] = [left.models as Array<Record<string, unknown>>, right.models as Array<Record<string, unknown>>];
      if (l.length !== r.length) return `models (${l.length} vs ${r.length})`;
      for (let index = 0; index < l.length; index++) {
        for (const field of new Set([...Object.keys(l[index]!), ...Object.keys(r[index]!)])) {
          if (canonicalJson(l[index]![field]) !== canonicalJson(r[index]![field])) {
            return `models[${index}].${field} (${canonicalJson(l[index]![field])} vs ${canonicalJson(r[index]![field])})`;
          }
        }
      }
    }
    return `${key} (${canonicalJson(left[key]) ?? 'absent'} vs ${canonicalJson(right[key]) ?? 'absent'})`;
  }
  return 'nothing';
}
