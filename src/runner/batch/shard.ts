import { createHash } from 'node:crypto';
import { usageError } from '../../core/errors.js';
import type { ResultKey } from '../../store/result-row.js';

/** One share of a run's work: shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `--shard i/N` (0 ≤ i < N, as Kubernetes' JOB_COMPLETION_INDEX and `--array=0-7` count). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index < count)) {
    throw usageError(`--shard must be i/N with 0 ≤ i < N (for example 0/8 … 7/8), not "${text}"`);
  }
  return { index, count };
}

/**
 * The shard a (model, task, item, sample) belongs to: the first 48 bits of the SHA-256 of
 * `modelId \0 task \0 itemId \0 sample`, modulo N. Depends on nothing but the key, so every
 * machine agrees and shards never overlap.
 */
export function shardOf(key: ResultKey, count: number): number {
  const digest = createHash('sha256').update(`${key.modelId}\0${key.task}\0${key.itemId}\0${key.sample}`).digest();
  return digest.readUIntBE(0, 6) % count;
}

/** Whether a unit of work is in the shard (always, without a shard). */
export function inShard(key: ResultKey, shard: Shard | undefined): boolean {
  return shard === undefined || shard.count === 1 || shardOf(key, shard.count) === shard.index;
}
