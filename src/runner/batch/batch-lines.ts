import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../store/request-key.js';

/**
 * One line of an OpenAI-batch input file, as OpenAI's Batch API documents it
 * (https://platform.openai.com/docs/api-reference/batch/request-input: `custom_id`, `method`,
 * `url`, `body`) and vLLM's `run_batch` reads it (`BatchRequestInput` in
 * vllm/entrypoints/openai/run_batch.py at vllm-project/vllm@0056ae7b2144abbc7b4916a43491c154567e0b76).
 */
export interface BatchInputLine {
  custom_id: string;
  method: 'POST';
  /** The API path with its version, e.g. `/v1/chat/completions`. */
  url: string;
  /** The request body exactly as a live request sends it. */
  body: Record<string, unknown>;
}

/**
 * One line of an OpenAI-batch output or error file: `{id, custom_id, response: {status_code,
 * request_id, body}, error}` (https://platform.openai.com/docs/api-reference/batch/request-output;
 * vLLM's `BatchRequestOutput`, same file and commit as above: `response.body` is null and `error`
 * holds the error response, or a message string, when a request failed).
 */
export const batchOutputLineSchema = z.object({
  id: z.string().optional(),
  custom_id: z.string().min(1),
  response: z.object({
    status_code: z.number().int().min(100).max(599).default(200),
    request_id: z.string().nullish(),
    body: z.unknown().optional(),
  }).nullable(),
  error: z.unknown().optional(),
});

export type BatchOutputLine = z.infer<typeof batchOutputLineSchema>;

/**
 * The custom id of a request: `sg-` and 40 hex digits of the SHA-256 of its canonical path and body,
 * so that an output line answers exactly the request that was exported (a changed prompt or
 * setting gets another id) and fits every batch API's id rules (Anthropic: 1–64 of [a-zA-Z0-9_-]).
 */
export function customIdOf(url: string, body: unknown): string {
  return `sg-${createHash('sha256').update(canonicalJson({ url, body })).digest('hex').slice(0, 40)}`;
}

/** The error text of a failed output line, for the stored error reason. */
export function outputErrorText(line: BatchOutputLine): string {
  const error = line.error as { message?: unknown; error?: { message?: unknown } } | string | null | undefined;
  if (typeof error === 'string') return error;
  const message = error?.error?.message ?? error?.message;
  if (typeof message === 'string') return message;
  return error === null || error === undefined ? 'no response body' : JSON.stringify(error);
}
