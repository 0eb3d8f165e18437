import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  return canonicalText(value, false);
}

const SECRET_KEY = /^(api[-_]?key|authorization|x-api-key|token|secret|password)$/i;
const URL_START = /^https?:\/\//;

/**
 * canonicalJson's text in one pass, without intermediate objects; with `withoutSecrets`, members with
 * a secret-looking name are left out and URL credentials are removed from strings.
 */
function canonicalText(value: unknown, withoutSecrets: boolean): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += `${i === 0 ? '' : ','}${canonicalText(value[i] ?? null, withoutSecrets)}`;
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    let text = '{';
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry === undefined || (withoutSecrets && SECRET_KEY.test(key))) continue;
      text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalText(entry, withoutSecrets)}`;
    }
    return `${text}}`;
  }
  if (withoutSecrets && typeof value === 'string' && URL_START.test(value)) return JSON.stringify(withoutUrlCredentials(value));
  return JSON.stringify(value);
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
  return createHash('sha256').update(canonicalText(request, true)).digest('hex');
}
