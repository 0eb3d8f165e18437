import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from './shard.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/shard-fixture.json', import.meta.url), 'utf8')) as Array<{
  modelId: string; task: string; itemId: string; sample: number; count: number; shard: number;
}>;

describe('shards', () => {
  it('match an independent SHA-256 computation (fixtures/make-shard-fixture.py)', () => {
    for (const entry of fixture) expect(shardOf(entry, entry.count)).toBe(entry.shard);
  });

  it('cover every (model, item, sample) exactly once for any N, in roughly equal shares', () => {
    const keys = ['a', 'b', 'c'].flatMap((modelId) =>
      Array.from({ length: 400 }, (_, item) => [0, 1].map((sample) => ({ modelId, task: 't', itemId: `q${item}`, sample }))).flat());
    for (const count of [1, 2, 3, 8, 13]) {
      const owners = keys.map((key) => Array.from({ length: count }, (_, index) => index).filter((index) => inShard(key, { index, count })));
      expect(owners.every((list) => list.length === 1)).toBe(true);
      const sizes = Array.from({ length: count }, (_, index) => owners.filter((list) => list[0] === index).length);
      for (const size of sizes) expect(Math.abs(size - keys.length / count)).toBeLessThan(5 * Math.sqrt(keys.length / count) + 1);
    }
  });

  it('parses i/N and rejects anything else', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    for (const bad of ['8/8', '1/0', '-1/4', 'a/b', '2', '1/2/3']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/N/);
  });
});
