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
 * Batch limits per provider, from the providers' documentation. OpenAI: "The file can contain up
 * to 50,000 requests, and can be up to 200 MB in size", one model per file, "50% cost discount"
 * (API reference, Create batch → input_file_id, https://platform.openai.com/docs/api-reference/batch/create,
 * and the Batch guide https://platform.openai.com/docs/guides/batch). Anthropic's Message Batches
 * (100,000 requests or 256 MB, 50% of the price: https://docs.anthropic.com/en/docs/build-with-claude/batch-processing)
 * are listed for when its client lands; `run --batch` supports OpenAI only today.
 */
export const BATCH_LIMITS: Partial<Record<ModelConfig['provider'], BatchLimits>> = {
  openai: { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024, priceFactor: 0.5, source: 'https://platform.openai.com/docs/api-reference/batch/create' },
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
