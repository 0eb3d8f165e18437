import type { ModelConfig } from '../load-config.js';

/** What one provider batch may hold, and what batch requests cost against live ones. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
  /** Price of a batch request as a fraction of the live price. */
  priceFactor: number;
  source: string;
}

/**
 * Batch limits per provider, from the providers' documentation (the one table; `batch-apis.ts`
 * declares which providers have a batch API).
 * - OpenAI: "The file can contain up to 50,000 requests, and can be up to 200 MB in size", one model
 *   per file, "50% cost discount" (API reference, Create batch → input_file_id,
 *   https://platform.openai.com/docs/api-reference/batch/create, and the Batch guide
 *   https://platform.openai.com/docs/guides/batch).
 * - Anthropic Message Batches: "A Message Batch is limited to either 100,000 Message requests or
 *   256 MB in size, whichever is reached first", "reducing costs by 50%" (Batch processing guide,
 *   https://docs.claude.com/en/docs/build-with-claude/batch-processing, Batch limitations; the
 *   errors page https://docs.claude.com/en/api/errors lists 256 MB as the Batch API's request size
 *   limit). 256 MB is taken as 256,000,000 bytes, the smaller reading; sizes are counted on the
 *   export form of each line, which is longer than its `{custom_id, params}` form.
 */
export const BATCH_LIMITS: Partial<Record<ModelConfig['provider'], BatchLimits>> = {
  openai: { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024, priceFactor: 0.5, source: 'https://platform.openai.com/docs/api-reference/batch/create' },
  anthropic: { maxRequests: 100_000, maxBytes: 256_000_000, priceFactor: 0.5, source: 'https://docs.claude.com/en/docs/build-with-claude/batch-processing' },
};

/** Splits lines (as JSONL text lines) into chunks within the limits, keeping their order. */
export function splitToLimits<T extends { text: string }>(lines: T[], limits: Pick<BatchLimits, 'maxRequests' | 'maxBytes'>): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line.text) + 1;
    if (current.length > 0 && (current.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
