/** Replaces every occurrence of `secret` in `text` by `[redacted]` (no-op for an absent or empty secret). */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret === '') return text;
  return text.split(secret).join('[redacted]');
}
