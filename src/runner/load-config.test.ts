import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScalegapError } from '../core/errors.js';
import { configSchemaText } from './config-schema.js';
import { loadConfig } from './load-config.js';
import { writeRunFixture } from './test-support/write-run-fixture.js';

function failure(models: string, extra = '', taskLines?: string[]): ScalegapError {
  const { config } = writeRunFixture({ models, extra, taskLines });
  try {
    loadConfig(config, {});
  } catch (error) {
    if (error instanceof ScalegapError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const GOOD = '  - { id: a, provider: openai, model: m, params: 1b }';

describe('loadConfig', () => {
  it('resolves params, paths, defaults and the OpenAI base URL from the environment', () => {
    const { dir, config } = writeRunFixture({ models: `${GOOD}\n  - { id: b, provider: anthropic, model: claude, params: 70000000, family: x }` });
    const loaded = loadConfig(config, { OPENAI_BASE_URL: 'http://127.0.0.1:5/v1' });
    expect(loaded.models.map((model) => [model.id, model.params, model.baseUrl, model.family])).toEqual([
      ['a', 1e9, 'http://127.0.0.1:5/v1', null],
      ['b', 7e7, 'https://api.anthropic.com/v1', 'x'],
    ]);
    expect(loaded).toMatchObject({ confidence: 'auto', concurrency: 8, samples: 5, store: join(dir, 'scalegap.db'), taskFiles: [join(dir, 'task.jsonl')] });
    expect(loaded.tasks[0]!.items).toHaveLength(10);
  });

  it('resolves the variable each key comes from: only the one named, or OpenAI/Anthropic keys for their own hosts', () => {
    const { config } = writeRunFixture({
      models: [
        '  - { id: openai, provider: openai, model: m, params: 1b, baseUrl: "https://api.openai.com/v1" }',
        '  - { id: default, provider: openai, model: m, params: 1b }',
        '  - { id: vllm, provider: openai, model: m, params: 1b, baseUrl: "https://gpu.example.org/v1" }',
        '  - { id: together, provider: openai, model: m, params: 1b, baseUrl: "https://api.together.xyz/v1", apiKeyEnv: TOGETHER_API_KEY }',
        '  - { id: claude, provider: anthropic, model: c, params: 1b }',
        '  - { id: proxy, provider: anthropic, model: c, params: 1b, baseUrl: "http://127.0.0.1:9/v1" }',
        '  - { id: plain-http, provider: openai, model: m, params: 1b, baseUrl: "http://api.openai.com/v1" }',
      ].join('\n'),
    });
    const loaded = loadConfig(config, { TOGETHER_API_KEY: 'set' });
    expect(loaded.models.map((model) => [model.id, model.apiKeyEnv])).toEqual([
      ['openai', 'OPENAI_API_KEY'], ['default', 'OPENAI_API_KEY'], ['vllm', undefined], ['together', 'TOGETHER_API_KEY'],
      ['claude', 'ANTHROPIC_API_KEY'], ['proxy', undefined], ['plain-http', undefined],
    ]);
    expect(failure('  - { id: a, provider: openai, model: m, params: 1b, apiKeyEnv: "not a name" }').location).toMatchObject({ line: 2, field: 'apiKeyEnv' });
    expect(failure('  - { id: a, provider: openai, model: m, params: 1b, apiKeyEnv: UNSET_KEY }').message).toMatch(/UNSET_KEY is not set/);
  });

  it('names file, line, path and field of each kind of bad config', () => {
    expect(failure('  - { id: a, provider: gemini, model: m, params: 1b }').location).toMatchObject({ line: 2, path: 'models[0].provider', field: 'provider' });
    expect(failure('  - { id: a, provider: openai, params: 1b }').location).toMatchObject({ line: 2, path: 'models[0].model', field: 'model' });
    expect(failure(`${GOOD}\n  - id: b\n    provider: openai\n    model: m`).location).toMatchObject({ line: 3, path: 'models[1].params', field: 'params' });
    expect(failure(`${GOOD}\n  - { id: a, provider: openai, model: n, params: 2b }`).location).toMatchObject({ line: 3, path: 'models[1].id', field: 'id' });
    expect(failure(GOOD, '  - missing.jsonl\n').location).toMatchObject({ line: 5, path: 'tasks[1]', field: 'tasks' });
    const badLine = failure(GOOD, '', ['{"id": "a", "question": "q", "choices": ["x", "y"], "answer": 0}', '{"id": "b", "question": "q", "answer": 0}']);
    expect(badLine.location).toMatchObject({ line: 2, field: 'choices' });
    expect(badLine.location?.file).toMatch(/task\.jsonl$/);
    expect(failure('  - { id: a, provider: openai, model: m, params: lots }').location).toMatchObject({ path: 'models[0].params' });
    const key = failure('  - { id: a, provider: openai, model: m, params: 1b, apiKey: sk-secret }');
    expect(key.location).toMatchObject({ line: 2, path: 'models[0].apiKey', field: 'apiKey' });
    expect(key.message).toMatch(/environment/);
    expect(failure(GOOD, 'confidence: [\n').location?.line).toBeGreaterThanOrEqual(5);
    expect(failure('  - { id: a, provider: llama-cpp, model: nothere.gguf, params: 1m }').location).toMatchObject({ path: 'models[0].model' });
  });

  it('rejects a config file that does not exist', () => {
    expect(() => loadConfig('/nonexistent/scalegap.yaml')).toThrow(/cannot read the config file/);
  });
});

describe('schema/scalegap.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx scripts/write-config-schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/scalegap.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(configSchemaText());
  });

  it('is written with the generator script', () => {
    const { dir } = writeRunFixture();
    writeFileSync(join(dir, 'x.json'), configSchemaText());
    expect(JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8')).properties.models.items.required).toEqual(['id', 'provider', 'model', 'params']);
  });
});
