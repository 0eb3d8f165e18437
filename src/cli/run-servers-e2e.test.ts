import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicMessagesEmulator } from '../providers/test-support/wire/emulators/anthropic-messages.js';
import { llamaServerEmulator } from '../providers/test-support/wire/emulators/llama-server.js';
import { ollamaEmulator } from '../providers/test-support/wire/emulators/ollama.js';
import { openAiChatModelEmulator } from '../providers/test-support/wire/emulators/openai-chat-model.js';
import { openAiCompletionModelEmulator } from '../providers/test-support/wire/emulators/openai-completion-model.js';
import { openAiReasoningModelEmulator } from '../providers/test-support/wire/emulators/openai-reasoning-model.js';
import { lastUserText, toyEcho, toyFirstTokenLogprobs, toyVerbalizedReply } from '../providers/test-support/wire/emulators/toy-language-model.js';
import { startWireEmulator, type RunningWireEmulator } from '../providers/test-support/wire/start-wire-emulator.js';
import type { WireEmulator } from '../providers/test-support/wire/wire-emulator.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync } from '../test-support/run-cli-async.js';

/**
 * The conformance suite over real HTTP: each emulated server (answering as its public source and
 * tests show) is measured by the built CLI, and the method chosen, the stored numbers, the error
 * messages, the exit code and the keys each host received are checked against values computed here
 * from the emulators' toy model, independently of scalegap's scoring code.
 */

const OPENAI_KEY = 'fake-openai-key-0000-e2e';
const TOGETHER_KEY = 'fake-together-key-1111-e2e';
const ANTHROPIC_KEY = 'fake-anthropic-key-2222-e2e';
const env = { OPENAI_API_KEY: OPENAI_KEY, TOGETHER_API_KEY: TOGETHER_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, OPENAI_BASE_URL: undefined };
const ITEMS = 8;
const CHOICES = ['alpha', 'beta', 'gamma', 'delta'];

const running: RunningWireEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});
async function serve(emulator: WireEmulator): Promise<RunningWireEmulator> {
  const started = await startWireEmulator(emulator);
  running.push(started);
  return started;
}

interface Row {
  model_id: string;
  item_id: string;
  status: string;
  method: string | null;
  correct: number | null;
  chosen: string | null;
  confidence: number | null;
  loss: number | null;
  option_logprobs: string | null;
  error_reason: string | null;
}

function readStore(dir: string): { rows: Row[]; models: Map<string, { method: string | null; probe: Record<string, unknown> | null }> } {
  const db = new Database(join(dir, 'scalegap.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM results ORDER BY model_id, CAST(substr(item_id, 2) AS INTEGER)').all() as Row[];
    const models = new Map((db.prepare('SELECT model_id, method, capabilities_json FROM models').all() as Array<{ model_id: string; method: string | null; capabilities_json: string | null }>)
      .map((model) => [model.model_id, { method: model.method, probe: model.capabilities_json === null ? null : (JSON.parse(model.capabilities_json) as Record<string, unknown>) }]));
    return { rows, models };
  } finally {
    db.close();
  }
}

const gold = (itemId: string): number => Number(itemId.slice(1)) % 4;
const question = (itemId: string): string => `What is item ${itemId.slice(1)}?`;
const letterPromptOf = (itemId: string): string =>
  `Question: ${question(itemId)}\n${CHOICES.map((choice, index) => `${'ABCD'[index]}. ${choice}`).join('\n')}\nAnswer with the letter of the correct choice only.\nAnswer:`;
const verbalizedPromptOf = (itemId: string): string =>
  `Question: ${question(itemId)}\n${CHOICES.map((choice, index) => `${'ABCD'[index]}. ${choice}`).join('\n')}\nReply in exactly this format and nothing else:\nAnswer: <letter>\nConfidence: <0-100>`;
const logSumExp = (values: number[]): number => {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
};

/** Expected scores of option scoring from the toy model: the option's own echoed tokens, summed. */
function expectOptionScores(row: Row): void {
  const prompt = `Question: ${question(row.item_id)}\nAnswer:`;
  const expected = CHOICES.map((choice) =>
    toyEcho(prompt + ` ${choice}`).filter((entry) => entry.offset >= prompt.length).reduce((sum, entry) => sum + (entry.logprob as number), 0));
  const stored = JSON.parse(row.option_logprobs!) as number[];
  stored.forEach((value, index) => expect(Math.abs(value - expected[index]!)).toBeLessThan(1e-9));
  const best = expected.indexOf(Math.max(...expected));
  expect([row.method, JSON.parse(row.chosen!), row.correct]).toEqual(['option-logprobs', best, best === gold(row.item_id) ? 1 : 0]);
  expect(row.confidence).toBeCloseTo(Math.exp(expected[best]! - logSumExp(expected)), 12);
  expect(row.loss).toBeCloseTo(logSumExp(expected) - expected[gold(row.item_id)]!, 12);
}

/** Expected answer-letter scores: the toy first-token distribution, renormalised over the four letters. */
function expectLetterScores(row: Row): void {
  const distribution = toyFirstTokenLogprobs(letterPromptOf(row.item_id));
  const letters = ['A', 'B', 'C', 'D'].map((letter) => distribution.find((entry) => entry.token === letter)!.logprob);
  const best = letters.indexOf(Math.max(...letters));
  expect([row.status, row.method, JSON.parse(row.chosen!), row.correct]).toEqual(['ok', 'letter-logprobs', best, best === gold(row.item_id) ? 1 : 0]);
  expect(row.confidence).toBeCloseTo(Math.exp(letters[best]! - logSumExp(letters)), 12);
  expect(row.loss).toBeCloseTo(logSumExp(letters) - letters[gold(row.item_id)]!, 12);
}

/** Expected stated confidence: the toy reply to the verbalized prompt. */
function expectVerbalized(row: Row): void {
  const reply = toyVerbalizedReply(verbalizedPromptOf(row.item_id));
  const chosen = 'ABCD'.indexOf(reply.letter);
  expect([row.status, row.method, JSON.parse(row.chosen!), row.correct, row.confidence]).toEqual(['ok', 'verbalized', chosen, chosen === gold(row.item_id) ? 1 : 0, reply.confidence / 100]);
}

const paths = (emulator: RunningWireEmulator): string[] => emulator.requests.map((request) => request.path);

describe('scalegap run against emulated real servers (built CLI, real HTTP)', () => {
  it('a ladder over three hosts: each server gets its best method, its own key and nothing else', async () => {
    const davinci = await serve(openAiCompletionModelEmulator({ apiKey: OPENAI_KEY }));
    const llama = await serve(llamaServerEmulator());
    const together = await serve(openAiChatModelEmulator({ apiKey: TOGETHER_KEY }));
    const fixture = writeRunFixture({
      items: ITEMS,
      models: [
        `  - { id: davinci, provider: openai, model: davinci-002, params: 1b, baseUrl: "${davinci.baseURL}", apiKeyEnv: OPENAI_API_KEY }`,
        `  - { id: llama, provider: openai, model: local, params: 3b, baseUrl: "${llama.baseURL}" }`,
        `  - { id: together, provider: openai, model: chat-7b, params: 7b, baseUrl: "${together.baseURL}", apiKeyEnv: TOGETHER_API_KEY }`,
      ].join('\n'),
    });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.stderr).toMatch(/model davinci: confidence method option-logprobs\n {2}probe: option scoring yes, letter log-probs not asked, generation not asked/);
    expect(run.stderr).toMatch(/model llama: confidence method letter-logprobs\n {2}probe: option scoring no, letter log-probs yes, generation not asked\n {2}no option scoring: .*HTTP 500 Internal Server Error: Only no echo is supported/);
    expect(run.stderr).toMatch(/model together: confidence method letter-logprobs/);
    expect(run.stderr).toMatch(/no option scoring: .*This is a chat model and not supported in the v1\/completions endpoint/);
    expect(run.status).toBe(0);
    const { rows, models } = readStore(fixture.dir);
    expect(rows).toHaveLength(3 * ITEMS);
    rows.filter((row) => row.model_id === 'davinci').forEach(expectOptionScores);
    rows.filter((row) => row.model_id !== 'davinci').forEach(expectLetterScores);
    // the probe result and the reason for each "no" are stored with the model
    expect(models.get('llama')).toMatchObject({
      method: 'letter-logprobs',
      probe: { optionScoring: false, tokenLogprobs: true, generation: null, reasons: { optionScoring: expect.stringMatching(/Only no echo is supported/) } },
    });
    // llama-server's 500 refusal is read once, never retried; the completion model is never asked to chat
    expect(paths(llama).filter((path) => path === '/v1/completions')).toHaveLength(1);
    expect(paths(davinci).every((path) => path === '/v1/completions')).toBe(true);
    // keys: each host gets exactly the key its config names; the server with none gets no Authorization header
    expect(new Set(davinci.requests.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${OPENAI_KEY}`]));
    expect(new Set(together.requests.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${TOGETHER_KEY}`]));
    expect(llama.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it('llama-server with confidence: verbalized never touches echo and stores the stated confidence', async () => {
    const llama = await serve(llamaServerEmulator());
    const fixture = writeRunFixture({ items: ITEMS, models: `  - { id: llama, provider: openai, model: local, params: 3b, baseUrl: "${llama.baseURL}" }`, extra: 'confidence: verbalized\n' });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/probe: option scoring not asked, letter log-probs not asked, generation yes/);
    expect(paths(llama).every((path) => path === '/v1/chat/completions')).toBe(true);
    readStore(fixture.dir).rows.forEach(expectVerbalized);
  });

  it('Ollama before v0.12.11 falls back to stated confidence after consistent silence; v0.12.11 uses letter log-probs', async () => {
    const old = await serve(ollamaEmulator('before-0.12.11'));
    const fresh = await serve(ollamaEmulator('0.12.11'));
    const fixture = writeRunFixture({
      items: ITEMS,
      models: [
        `  - { id: old, provider: openai, model: llama3.2, params: 3b, baseUrl: "${old.baseURL}" }`,
        `  - { id: new, provider: openai, model: llama3.2, params: 8b, baseUrl: "${fresh.baseURL}" }`,
      ].join('\n'),
    });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(0);
    const { rows, models } = readStore(fixture.dir);
    rows.filter((row) => row.model_id === 'old').forEach(expectVerbalized);
    rows.filter((row) => row.model_id === 'new').forEach(expectLetterScores);
    const oldProbe = models.get('old')!.probe!;
    expect(oldProbe).toMatchObject({ optionScoring: false, tokenLogprobs: false, generation: true });
    // absent only after every repeated answer lacked log-probs: the evidence holds three answers each
    expect((oldProbe.evidence as Record<string, string[]>).tokenLogprobs).toHaveLength(3);
    expect((oldProbe.reasons as Record<string, string>).tokenLogprobs).toMatch(/ignored `logprobs`.*in all 3 answers/);
    // the prompt-array refusal (400) is followed by one prompt per request, never a prompt array again in that probe round
    expect(old.requests.some((request) => request.path === '/v1/completions' && Array.isArray((request.body as { prompt: unknown }).prompt))).toBe(true);
    expect(run.stderr).toMatch(/model old: confidence method verbalized/);
  });

  it('an OpenAI reasoning model: temperature dropped, max_completion_tokens with a reasoning budget, learned once and kept by --resume', async () => {
    const reasoning = await serve(openAiReasoningModelEmulator({ apiKey: OPENAI_KEY }));
    const fixture = writeRunFixture({ items: ITEMS, models: `  - { id: r, provider: openai, model: gpt-5-mini, params: 7b, baseUrl: "${reasoning.baseURL}", apiKeyEnv: OPENAI_API_KEY }` });
    const first = await runCliAsync(['run', '-c', fixture.config, '--limit', '2'], { cwd: fixture.dir, env });
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/model r: confidence method verbalized\n {2}probe: option scoring no, letter log-probs no, generation yes; request settings maxTokensField: max_completion_tokens, omitTemperature: true, minOutputTokens: 4096/);
    const { models } = readStore(fixture.dir);
    expect(models.get('r')!.probe!.requestSettings).toEqual({ maxTokensField: 'max_completion_tokens', omitTemperature: true, minOutputTokens: 4096 });
    const sentBefore = reasoning.requests.length;
    const resumed = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    expect(resumed.status).toBe(0);
    const after = reasoning.requests.slice(sentBefore).map((request) => request.body as Record<string, unknown>);
    // the resumed run relearns nothing: one request per remaining item, each in the accepted shape
    expect(after).toHaveLength(ITEMS - 2);
    for (const body of after) {
      expect([body.temperature, body.max_tokens, body.max_completion_tokens]).toEqual([undefined, undefined, 4096]);
    }
    readStore(fixture.dir).rows.forEach(expectVerbalized);
  });

  it('a reasoning model that spends the whole budget: every item is an error naming finish_reason length, exit 1; minOutputTokens gives it room', async () => {
    const reasoning = await serve(openAiReasoningModelEmulator({ reasoningTokens: 5000 }));
    const fixture = writeRunFixture({
      items: 4,
      models: [
        `  - { id: r, provider: openai, model: o4-mini, params: 7b, baseUrl: "${reasoning.baseURL}" }`,
        `  - { id: roomy, provider: openai, model: o4-mini, params: 8b, baseUrl: "${reasoning.baseURL}", minOutputTokens: 8000 }`,
      ].join('\n'),
    });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(1);
    const { rows } = readStore(fixture.dir);
    expect(rows.filter((row) => row.model_id === 'r').map((row) => [row.status, row.error_reason])).toEqual(Array.from({ length: 4 }, () =>
      ['error', 'the answer was cut off at the output budget of 4096 tokens before any text (finish_reason: length, 4096 reasoning tokens): no answer to score']));
    expect(run.stderr).toContain('4 items ended in an error:\n  4 × r: the answer was cut off at the output budget of 4096 tokens');
    rows.filter((row) => row.model_id === 'roomy').forEach(expectVerbalized);
    // no key was configured for this host: none was sent, though OPENAI_API_KEY is set
    expect(reasoning.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it('an Anthropic spend limit stops that lane at the first 429 instead of retrying, and the run exits 1', async () => {
    const anthropic = await serve(anthropicMessagesEmulator({ apiKey: ANTHROPIC_KEY, spendLimitAfter: 4 }));
    const fixture = writeRunFixture({
      items: ITEMS,
      models: `  - { id: claude, provider: anthropic, model: claude-x, params: 7b, baseUrl: "${anthropic.baseURL}", apiKeyEnv: ANTHROPIC_API_KEY, concurrency: 1 }`,
    });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(1);
    // one probe + 3 items answered, then one refusal: nothing retried, nothing more sent
    expect(anthropic.requests).toHaveLength(5);
    const { rows } = readStore(fixture.dir);
    expect(rows.filter((row) => row.status === 'ok')).toHaveLength(3);
    rows.filter((row) => row.status === 'ok').forEach(expectVerbalized);
    const errors = rows.filter((row) => row.status === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error_reason).toMatch(/HTTP 429 .*You have reached your API usage limits/);
    expect(run.stderr).toMatch(/model claude: stopped, 4 queued requests not sent \(continue with --resume once fixed\): HTTP 429/);
    expect(run.stderr).toMatch(/run 1 stopped \(model claude stopped: HTTP 429/);
    expect(anthropic.requests.every((request) => request.headers['x-api-key'] === ANTHROPIC_KEY)).toBe(true);
  });

  it('a model whose apiKeyEnv is not set is a config error (exit 2) naming the line and field, and nothing is sent', async () => {
    const chat = await serve(openAiChatModelEmulator());
    const fixture = writeRunFixture({ models: `  - { id: c, provider: openai, model: m, params: 1b, baseUrl: "${chat.baseURL}", apiKeyEnv: MISSING_KEY_FOR_TEST }` });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/scalegap\.yaml, line 2, models\[0\]\.apiKeyEnv, field "apiKeyEnv": the environment variable MISSING_KEY_FOR_TEST is not set/);
    expect(chat.requests).toEqual([]);
  });
});

// the letter and verbalized prompts above restate scalegap's prompt formats; this keeps them honest
describe('prompt formats the expectations rely on', () => {
  it('match what the emulators received', async () => {
    const chat = await serve(openAiChatModelEmulator());
    const fixture = writeRunFixture({ items: 1, models: `  - { id: c, provider: openai, model: m, params: 1b, baseUrl: "${chat.baseURL}" }` });
    expect((await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env })).status).toBe(0);
    expect(lastUserText(chat.requests.at(-1)!.body)).toBe(letterPromptOf('q0'));
  });
});
