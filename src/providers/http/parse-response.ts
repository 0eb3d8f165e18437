import type { z } from 'zod';
import { ProviderCallError } from '../spec.js';

/**
 * Validates a 2xx JSON answer against the wire schema. A mismatch is a non-retryable
 * ProviderCallError naming the first fields that are wrong: the server answered, but not in the
 * shape that a score could be read from.
 */
export function parseResponse<Schema extends z.ZodType>(schema: Schema, json: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ProviderCallError(`${what}: unexpected response shape (${issues})`, { isRetryable: false });
}
