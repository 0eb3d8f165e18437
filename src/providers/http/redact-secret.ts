import { redactSecrets } from '../../core/redact-secrets.js';

/** Replaces every form of `secret` in `text` (any case, URL-encoded, base64, `Bearer` base64) by `[redacted]`. */
export function redactSecret(text: string, secret: string | undefined): string {
  return redactSecrets(text, [secret]);
}
