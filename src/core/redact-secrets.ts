import { mapStrings } from './map-strings.js';

/** Secrets shorter than this are not redacted from text: every common word would go with them. */
export const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function base64Forms(text: string): string[] {
  const standard = Buffer.from(text, 'utf8').toString('base64');
  // without padding too: a longer base64 text holding it need not end where it ends
  return [standard, standard.replace(/=+$/, ''), Buffer.from(text, 'utf8').toString('base64url')];
}

/**
 * The forms in which a secret may come back from a server or a log: itself (any letter case),
 * URL-encoded, and base64 of itself and of the headers `Bearer <secret>` and `Basic <base64 secret>`
 * (pass `user:password` as a secret of its own for Basic authorisation).
 */
export function secretPatterns(secret: string): RegExp[] {
  const exact = [secret, encodeURIComponent(secret)].map((form) => new RegExp(escapeRegExp(form), 'gi'));
  const basic = `Basic ${Buffer.from(secret, 'utf8').toString('base64')}`;
  const encoded = [secret, `Bearer ${secret}`, basic].flatMap(base64Forms).filter((form) => form.length >= MIN_SECRET_LENGTH);
  return [...exact, ...[...new Set(encoded)].sort((a, b) => b.length - a.length).map((form) => new RegExp(escapeRegExp(form), 'g'))];
}

// The patterns of the secrets seen lately: a run redacts every answer, row and event with the same few.
const compiled = new Map<string, RegExp[]>();
const MAX_COMPILED = 64;

function patternsOf(secret: string): RegExp[] {
  let patterns = compiled.get(secret);
  if (patterns === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    patterns = secretPatterns(secret);
    compiled.set(secret, patterns);
  }
  return patterns;
}

/** Replaces every form of every secret (see secretPatterns) in `text` by `[redacted]`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    // global patterns: `replace` starts each one at index 0, so sharing them is safe
    for (const pattern of patternsOf(secret)) result = result.replace(pattern, '[redacted]');
  }
  return result;
}

/** A value (string, array, plain object) with `redactSecrets` applied to every string in it. */
export function redactSecretsDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
  if (secrets.every((secret) => secret === undefined || secret.length < MIN_SECRET_LENGTH)) return value;
  return mapStrings(value, (text) => redactSecrets(text, secrets));
}
