import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createVllmEmulator, type VllmEmulator } from '../providers/test-support/wire/emulators/vllm.js';
import { startWireEmulator, type RunningWireEmulator } from '../providers/test-support/wire/start-wire-emulator.js';
import { trueOptionScore } from '../providers/test-support/wire/toy-tokenizer.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { optionScoringPrompt } from '../tasks/format-prompt.js';
import { runCliAsync } from '../test-support/run-cli-async.js';

const ITEMS = [
  { id: 'q0', question: 'Which city is in France?', choices: ['Paris', 'Rome', 'Lima', 'Oslo'], answer: 0 },
  { id: 'q1', question: 'Which city is in Switzerland?', choices: ['Zürich', 'Graz', 'Turin', 'Lyon'], answer: 0 },
  { id: 'q2', question: 'Which city is in Japan?', choices: ['大阪', '東京', 'Seoul', 'Ōsaka'], answer: 1 },
  { id: 'q3', question: '2 + 2 = ?', choices: ['4', '22', '☃', '🙂'], answer: 0 },
];

let servers: RunningWireEmulator[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('scalegap run over a vLLM base-model ladder (emulated vLLM, built CLI)', () => {
  // Needs the probe branch: today's probe requires chat to work, and vLLM base models refuse chat
  // (400, no chat template), so every model's probe fails and `scalegap run` scores nothing. With
  // a probe that records that failure as `generation: false` instead of throwing, this test passes
  // (checked on the echo branch with that one-line change, not committed there). Remove `.skip`
  // once the probe branch is merged.
  it.skip('stores every option log-prob equal to the truth for a start-token tokenizer', async () => {
    const ladder: Array<{ id: string; params: string; emulator: VllmEmulator }> = [
      { id: 'small', params: '1b', emulator: createVllmEmulator({ model: 'meta-llama/Llama-3.2-1B', startToken: '<|begin_of_text|>', chatTemplate: false }) },
      { id: 'mid', params: '3b', emulator: createVllmEmulator({ model: 'meta-llama/Llama-3.2-3B', startToken: '<|begin_of_text|>', chatTemplate: false }) },
      { id: 'large', params: '8b', emulator: createVllmEmulator({ model: 'meta-llama/Llama-3.1-8B', startToken: '<|begin_of_text|>', chatTemplate: false }) },
    ];
    servers = await Promise.all(ladder.map((rung) => startWireEmulator(rung.emulator)));
    const models = ladder
      .map((rung, index) => `  - { id: ${rung.id}, provider: openai, model: ${rung.emulator.model}, params: ${rung.params}, baseUrl: "${servers[index]!.baseURL}" }`)
      .join('\n');
    const fixture = writeRunFixture({ models, taskLines: ITEMS.map((item) => JSON.stringify(item)), extra: 'confidence: logprobs\n' });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env: { OPENAI_API_KEY: 'fake-vllm-e2e-key', OPENAI_BASE_URL: undefined } });
    expect(run.stderr).toMatch(/model small: confidence method option-logprobs/);
    expect(run.status).toBe(0);

    const db = new Database(join(fixture.dir, 'scalegap.db'), { readonly: true });
    const rows = db.prepare('SELECT model_id, item_id, status, method, option_logprobs FROM results').all() as Array<{ model_id: string; item_id: string; status: string; method: string; option_logprobs: string }>;
    db.close();
    expect(rows).toHaveLength(ladder.length * ITEMS.length);
    for (const row of rows) {
      const rung = ladder.find((candidate) => candidate.id === row.model_id)!;
      const { prompt, options } = optionScoringPrompt({ kind: 'choice', ...ITEMS.find((item) => item.id === row.item_id)! });
      const stored = JSON.parse(row.option_logprobs) as number[];
      expect([row.status, row.method]).toEqual(['ok', 'option-logprobs']);
      options.forEach((option, index) => expect(Math.abs(stored[index]! - trueOptionScore(rung.emulator.tokenizer, prompt, option).logprob)).toBeLessThanOrEqual(1e-9));
    }
  }, 120_000);
});
