import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const SECRET_KEY = /^(api[-_]?key|authorization|x-api-key|token|secret|password)$/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(([key]) => !SECRET_KEY.test(key)).map(([key, entry]) => [key, withoutSecrets(entry)]),
    );
  }
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return withoutUrlCredentials(value);
  return value;
}

// The base URLs seen lately, without credentials: every request of a run has its model's base URL.
const strippedUrls = new Map<string, string>();

function withoutUrlCredentials(text: string): string {
  let stripped = strippedUrls.get(text);
  if (stripped === undefined) {
    try {
      const url = new URL(text);
      url.username = '';
      url.password = '';
      stripped = url.toString();
    } catch {
      stripped = text;
    }
    if (strippedUrls.size >= 64) strippedUrls.clear();
    strippedUrls.set(text, stripped);
  }
  return stripped;
}

/**
 * The response-cache key of a request: sha256 of its canonical JSON (provider, model, base URL,
 * parameters, prompt...), with secret-looking fields and URL credentials removed first.
 */
export function requestKey(request: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(withoutSecrets(request))).digest('hex');
}
