/**
 * Harness throughput and overhead.
 * 1. Own overhead: the runner with an in-process provider that answers at once (no HTTP): CPU per
 *    result for planning, scheduling, cache key, scoring and one SQLite transaction per result.
 * 2. Against the HTTP test server (in a child process, so that its CPU is not counted) with a
 *    fixed 50 ms latency and concurrency 32: the ceiling is 32 / 0.05 s = 640 requests/s. Prints the
 *    rate, its ratio to the ceiling, and this process's CPU per request (runner + HTTP client).
 * Each part first warms up on other items (module loading and JIT are not counted).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ModelProvider, ScoreOptionsRequest } from '../src/providers/spec.js';
import { createProvider } from '../src/runner/create-provider.js';
import { loadConfig } from '../src/runner/load-config.js';
import { runHarness } from '../src/runner/run-harness.js';
import { openStore } from '../src/store/open-store.js';
import { ResultsRepository } from '../src/store/results-repository.js';

const LATENCY_MS = 50;
const CONCURRENCY = 32;
const CEILING = CONCURRENCY / (LATENCY_MS / 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 3200);

async function startServer(): Promise<{ baseUrl: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./support/serve-test-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(LATENCY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  return { baseUrl: firstLine.trim(), stop: () => child.kill('SIGTERM') };
}

/** Measures one run of `items` items (ids prefixed, so that no response comes from the cache). */
async function measure(dir: string, baseUrl: string, prefix: string, items: number, provider?: ModelProvider) {
  const lines = Array.from({ length: items }, (_, index) =>
    JSON.stringify({ id: `${prefix}${index}`, question: `${prefix}: what is ${index} + ${index}?`, choices: [`${2 * index}`, `${2 * index + 1}`, `${index}`, `${3 * index}`], answer: 0 }));
  writeFileSync(join(dir, `${prefix}.jsonl`), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, `${prefix}.yaml`), [
    'models:', `  - { id: m, provider: openai, model: bench, params: 1b, baseUrl: "${baseUrl}" }`,
    `tasks: [${prefix}.jsonl]`, `concurrency: ${CONCURRENCY}`, `store: ${prefix}.db`, '',
  ].join('\n'));
  const config = loadConfig(join(dir, `${prefix}.yaml`));
  const db = openStore(config.store);
  let startedMs = 0;
  const cpuBefore = process.cpuUsage();
  const summary = await runHarness({
    config, repository: new ResultsRepository(db),
    createProvider: (model) => provider ?? createProvider(model, { timeoutMs: config.timeoutMs }),
    onEvent: (event) => {
      if (event.type === 'planned') startedMs = performance.now();
    },
  });
  const wallS = (performance.now() - startedMs) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  db.close();
  return { summary, rate: summary.scored / wallS, cpuMsPerResult: (cpu.user + cpu.system) / 1000 / (summary.scored + summary.errors) };
}

const instantProvider: ModelProvider = {
  specificationVersion: 'v1', provider: 'instant', modelId: 'instant',
  probe: async () => ({ optionScoring: true, tokenLogprobs: false, generation: false }),
  scoreOptions: async (request: ScoreOptionsRequest) => {
    await new Promise((resolve) => setImmediate(resolve));
    return { optionLogprobs: request.options.map((_, index) => -1 - index / 3), usage: { inputTokens: 20, outputTokens: 0 } };
  },
};

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-bench-'));
  const server = await startServer();
  try {
    await measure(dir, 'http://127.0.0.1:9/v1', 'warm-own', 500, instantProvider);
    const own = await measure(dir, 'http://127.0.0.1:9/v1', 'own', ITEMS, instantProvider);
    console.log(`harness own overhead (instant in-process provider, ${own.summary.scored} results): ${own.cpuMsPerResult.toFixed(3)} ms CPU per result (target < 1 ms)`);
    await measure(dir, server.baseUrl, 'warm-http', 200);
    const http = await measure(dir, server.baseUrl, 'http', ITEMS);
    console.log(`against the HTTP test server (${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, ${http.summary.scored} scored, ${http.summary.errors} errors):`);
    console.log(`  rate ${http.rate.toFixed(1)} requests/s; ceiling ${CEILING}/s; ratio ${(http.rate / CEILING).toFixed(3)} (target ≥ 0.95)`);
    console.log(`  client CPU ${http.cpuMsPerResult.toFixed(3)} ms per request (runner + OpenAI provider + HTTP transport)`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
