/**
 * Harness throughput, overhead and memory.
 * 1. Own overhead: the runner with an in-process provider that answers at once (no HTTP): CPU per
 *    result for planning, scheduling, cache key, scoring and storing.
 * 2. Against the HTTP test server's answers (in a child process, so that its CPU is not counted) with
 *    a fixed 50 ms latency and concurrency 32: the ceiling is 32 / 0.05 s = 640 requests/s. The test
 *    server needs ~0.9 ms of CPU per answer, enough to delay answers that arrive together and keep
 *    even a bare client near 0.85 of the ceiling, so the requests are first answered by it and
 *    recorded, then measured against the same answers replayed after the latency
 *    (bench/support/serve-test-server.ts). Prints the rate, its ratio to the ceiling, this process's
 *    CPU per request (runner + HTTP client), and the server's own CPU per request and share of one
 *    core (the server is not the bottleneck while the bare client reaches the ceiling, that share
 *    stays well under 1, and a bare client at twice the concurrency nearly doubles the rate). The
 *    reference for the client CPU: a bare node:http client sending the same requests.
 * 3. Memory: 5,000 items × 3 models at concurrency 64 (15,000 requests): heap in use after a full GC
 *    at 25, 50, 75 and 100 % of the results.
 * 4. End to end: `scalegap run` (the built CLI) on 1,000 items at concurrency 32, and the same job —
 *    the same request bodies to the same server — run by promptfoo when it is installed.
 * Each in-process part first warms up on other items (module loading and JIT are not counted).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelProvider, ScoreOptionsRequest } from '../src/providers/spec.js';
import { createProvider } from '../src/runner/create-provider.js';
import { loadConfig } from '../src/runner/load-config.js';
import { runHarness } from '../src/runner/run-harness.js';
import { openStore } from '../src/store/open-store.js';
import { ResultsRepository } from '../src/store/results-repository.js';
import { measureCommand } from './measure-command.js';
import { serverShare, startBenchServer, type BenchServer } from './support/bench-server.js';
import { runBareClient } from './support/bare-client.js';
import { heapAfterGc } from './support/heap-after-gc.js';
import { findPromptfoo, promptfooEnv, promptfooVersion, writePromptfooJob } from './support/promptfoo-job.js';
import { benchItems, writeBenchJob } from './support/write-bench-job.js';

const LATENCY_MS = 50;
const CONCURRENCY = 32;
const CEILING = CONCURRENCY / (LATENCY_MS / 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 3200);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 5000);
const END_TO_END_ITEMS = 1000;
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

interface Job {
  dir: string;
  name: string;
  baseUrl: string;
  items: number;
  models?: number;
  concurrency?: number;
  provider?: ModelProvider;
  /** Called once `fraction` of the results are in (for fractions 0.25, 0.5, 0.75, 1). */
  atFraction?: (fraction: number) => void;
}

/** Measures one in-process run (ids prefixed by the job name, so that no response comes from the cache). */
async function measure(job: Job) {
  const file = writeBenchJob(job.dir, job.name, { baseUrl: job.baseUrl, items: benchItems(job.name, job.items), models: job.models ?? 1, concurrency: job.concurrency ?? CONCURRENCY });
  const config = loadConfig(file);
  const db = openStore(config.store);
  let startedMs = 0;
  let todo = 0;
  let finished = 0;
  let nextQuarter = 1;
  const cpuBefore = process.cpuUsage();
  const summary = await runHarness({
    config, repository: new ResultsRepository(db),
    createProvider: (model) => job.provider ?? createProvider(model, { timeoutMs: config.timeoutMs }),
    onEvent: (event) => {
      if (event.type === 'planned') {
        startedMs = performance.now();
        todo = event.todo;
      }
      if (event.type !== 'result' || job.atFraction === undefined) return;
      finished++;
      while (nextQuarter <= 4 && finished >= (todo * nextQuarter) / 4) job.atFraction(nextQuarter++ / 4);
    },
  });
  const wallS = (performance.now() - startedMs) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  db.close();
  return { summary, wallS, rate: summary.scored / wallS, cpuMsPerResult: (cpu.user + cpu.system) / 1000 / (summary.scored + summary.errors) };
}

/** Measures an in-process run against the server, with the server's own CPU over the same time. */
async function measureWithServer(server: BenchServer, job: Omit<Job, 'baseUrl'>) {
  const before = await server.usage();
  const result = await measure({ ...job, baseUrl: server.baseUrl });
  return { ...result, server: serverShare(before, await server.usage(), result.wallS) };
}

function describeServer(share: ReturnType<typeof serverShare>): string {
  return `server (its own process): ${share.requests} requests, ${share.cpuMsPerRequest.toFixed(3)} ms CPU per request, busy ${(100 * share.busyShare).toFixed(0)} % of one core`;
}

const instantProvider: ModelProvider = {
  specificationVersion: 'v1', provider: 'instant', modelId: 'instant',
  probe: async () => ({ optionScoring: true, tokenLogprobs: false, generation: false }),
  scoreOptions: async (request: ScoreOptionsRequest) => {
    await new Promise((resolve) => setImmediate(resolve));
    return { optionLogprobs: request.options.map((_, index) => -1 - index / 3), usage: { inputTokens: 20, outputTokens: 0 } };
  },
};

async function ownOverhead(dir: string): Promise<void> {
  await measure({ dir, name: 'warm-own', baseUrl: 'http://127.0.0.1:9/v1', items: 500, provider: instantProvider });
  const own = await measure({ dir, name: 'own', baseUrl: 'http://127.0.0.1:9/v1', items: ITEMS, provider: instantProvider });
  console.log(`harness own overhead (instant in-process provider, ${own.summary.scored} results): ${own.cpuMsPerResult.toFixed(3)} ms CPU per result (target < 1 ms)`);
}

async function atTheCeiling(dir: string, server: BenchServer): Promise<void> {
  await measure({ dir, name: 'warm-http', baseUrl: server.baseUrl, items: 200 });
  await runBareClient(server.baseUrl, benchItems('warm-bare', 200), CONCURRENCY);
  // The same requests first against the test server itself (recorded, no latency; another store, so
  // that nothing comes from the cache), then measured against their replayed answers.
  const recordDir = join(dir, 'recording');
  mkdirSync(recordDir);
  await server.mode('record');
  const passed = await measure({ dir: recordDir, name: 'http', baseUrl: server.baseUrl, items: ITEMS });
  for (const [name, concurrency] of [['bare', CONCURRENCY], ['bare-64', 2 * CONCURRENCY]] as const) await runBareClient(server.baseUrl, benchItems(name, ITEMS), concurrency);
  const { recorded } = await server.mode('replay');
  const http = await measureWithServer(server, { dir, name: 'http', items: ITEMS });
  const bare = await runBareClient(server.baseUrl, benchItems('bare', ITEMS), CONCURRENCY);
  // a second client at twice the concurrency: the server keeps up with it when the rate nearly doubles
  const double = await runBareClient(server.baseUrl, benchItems('bare-64', ITEMS), 2 * CONCURRENCY);
  await server.mode('pass');
  console.log(`against the HTTP test server's recorded answers, replayed (${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, ${http.summary.scored} scored, ${http.summary.errors} errors; ${recorded ?? '?'} answers recorded from the test server first, where the harness scored ${passed.summary.scored} with ${passed.summary.errors} errors):`);
  console.log(`  rate ${http.rate.toFixed(1)} requests/s; ceiling ${CEILING}/s; ratio ${(http.rate / CEILING).toFixed(3)} (target ≥ 0.95)`);
  console.log(`  client CPU ${http.cpuMsPerResult.toFixed(3)} ms per request (runner + OpenAI provider + HTTP transport; target ≤ 0.5 ms)`);
  console.log(`  reference, a bare node:http client sending the same requests and only parsing the answers: ${bare.cpuMsPerRequest.toFixed(3)} ms CPU per request, ${bare.rate.toFixed(1)} requests/s (ratio ${(bare.rate / CEILING).toFixed(3)}); harness/bare CPU ${(http.cpuMsPerResult / bare.cpuMsPerRequest).toFixed(2)}×`);
  console.log(`  ${describeServer(http.server)}; the bare client at concurrency ${2 * CONCURRENCY} gets ${double.rate.toFixed(1)} requests/s (${(double.rate / bare.rate).toFixed(2)}× its rate at ${CONCURRENCY})`);
}

async function memoryOverALongRun(dir: string, server: BenchServer): Promise<void> {
  const samples: string[] = [];
  const heaps: number[] = [];
  const before = heapAfterGc();
  const run = await measureWithServer(server, {
    dir, name: 'memory', items: MEMORY_ITEMS, models: 3, concurrency: 64,
    atFraction: (fraction) => {
      const { heapMb, rssMb } = heapAfterGc();
      heaps.push(heapMb);
      samples.push(`${(100 * fraction).toFixed(0)} %: heap ${heapMb.toFixed(1)} MB, RSS ${rssMb.toFixed(0)} MB`);
    },
  });
  console.log(`${MEMORY_ITEMS} items × 3 models at concurrency 64 (${run.summary.scored} scored, ${run.summary.errors} errors): ${run.rate.toFixed(1)} requests/s (ceiling ${64 / (LATENCY_MS / 1000)}/s), client CPU ${run.cpuMsPerResult.toFixed(3)} ms per request`);
  console.log(`  heap after GC before the run ${before.heapMb.toFixed(1)} MB; ${samples.join('; ')}`);
  console.log(`  heap growth from 25 % to 100 % of the results: ${((heaps[3] ?? Number.NaN) - (heaps[0] ?? Number.NaN)).toFixed(1)} MB (flat: within a few MB)`);
  console.log(`  ${describeServer(run.server)}`);
}

async function endToEnd(dir: string, server: BenchServer): Promise<void> {
  const items = benchItems('e2e', END_TO_END_ITEMS);
  const label = `${END_TO_END_ITEMS} items, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms latency`;
  if (!existsSync(cli)) console.log(`end to end (${label}): dist/cli/main.js is missing; run npm run build first`);
  else {
    const file = writeBenchJob(dir, 'e2e', { baseUrl: server.baseUrl, items, models: 1, concurrency: CONCURRENCY });
    const before = await server.usage();
    const run = measureCommand(process.execPath, [cli, 'run', '-c', file]);
    const share = serverShare(before, await server.usage(), run.wallMs / 1000);
    console.log(`end to end (${label}): scalegap run ${(run.wallMs / 1000).toFixed(2)} s wall, ${((run.cpuMs ?? Number.NaN) / 1000).toFixed(2)} s CPU, peak RSS ${run.maxRssMb?.toFixed(0) ?? '?'} MB; exit ${run.status}; ${share.requests} requests reached the server`);
    if (run.status !== 0) console.log(`  scalegap's stderr ended: ${lastLines(run.stderr)}`);
  }
  const promptfoo = findPromptfoo();
  if (promptfoo === undefined) return console.log('  promptfoo not installed (npm i -g promptfoo to compare)');
  const config = writePromptfooJob(dir, items, { baseUrl: server.baseUrl, model: 'bench-0', concurrency: CONCURRENCY });
  const before = await server.usage();
  const run = measureCommand(promptfoo, ['eval', '-c', config, '-o', join(dir, 'promptfoo-output.json')], { env: promptfooEnv(join(dir, 'promptfoo-home')), cwd: dir });
  const share = serverShare(before, await server.usage(), run.wallMs / 1000);
  console.log(`  promptfoo ${promptfooVersion(promptfoo)} on the same job and server: ${(run.wallMs / 1000).toFixed(2)} s wall, ${((run.cpuMs ?? Number.NaN) / 1000).toFixed(2)} s CPU, peak RSS ${run.maxRssMb?.toFixed(0) ?? '?'} MB; exit ${run.status}; ${share.requests} requests reached the server`);
  if (run.status !== 0 && run.status !== 100) console.log(`  promptfoo's stderr ended: ${lastLines(run.stderr)}`);
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-bench-'));
  const server = await startBenchServer(LATENCY_MS);
  try {
    await ownOverhead(dir);
    await atTheCeiling(dir, server);
    await memoryOverALongRun(dir, server);
    await endToEnd(dir, server);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
