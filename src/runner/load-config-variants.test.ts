import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRun } from './estimate-run.js';
import { loadConfig } from './load-config.js';

function configDir(variants: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-variants-'));
  writeFileSync(join(dir, 't.jsonl'), [1, 2, 3].map((id) => JSON.stringify({ id, question: `q${id}`, choices: ['a', 'b', 'c'], answer: 0 })).join('\n'));
  writeFileSync(join(dir, 'scalegap.yaml'), [
    'models:', '  - { id: m, provider: openai, model: m, params: 1b, baseUrl: "http://127.0.0.1:9/v1", price: { inputPerMTok: 1, outputPerMTok: 2 } }',
    'tasks: [t.jsonl]', variants, '',
  ].join('\n'));
  return join(dir, 'scalegap.yaml');
}

describe('variants in the config', () => {
  it('multiplies the items and the dry-run requests and cost', () => {
    const plain = estimateRun(loadConfig(configDir('')), undefined)[0]!;
    const config = loadConfig(configDir('variants: { options: rotate, labels: [letters, numbers], templates: [qa, plain, compact] }'));
    expect(config.tasks[0]!.items).toHaveLength(3 * (1 + 2 + 1 + 2));
    const estimate = estimateRun(config, undefined)[0]!;
    expect(estimate.requests).toBe(plain.requests * 6);
    expect(estimate.costUsd!).toBeGreaterThan(plain.costUsd! * 5);
    expect(estimate.costUsd!).toBeCloseTo((estimate.inputTokens + 2 * estimate.outputTokens) / 1e6, 12);
    expect(estimateRun(config, 2)[0]!.requests).toBe(2 * 6);
  });

  it('names the file, line and field of a bad variants block', () => {
    expect(() => loadConfig(configDir('variants: { labels: [roman] }'))).toThrow(expect.objectContaining({
      location: expect.objectContaining({ line: 4, path: 'variants.labels[0]' }),
    }));
    expect(() => loadConfig(configDir('variants: { options: 0 }'))).toThrow(expect.objectContaining({ location: expect.objectContaining({ field: 'options' }) }));
  });
});
