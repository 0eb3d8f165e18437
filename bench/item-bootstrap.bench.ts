import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ItemLadder } from '../src/analysis/items/item-ladder.js';
import { calibrationSummary } from '../src/analysis/items/calibration-summary.js';
import { METRIC } from '../src/analysis/items/model-metrics.js';
import { pairedBootstrap } from '../src/analysis/items/paired-bootstrap.js';
import { pairedSlope } from '../src/analysis/items/paired-slope.js';
import { uniformSource } from '../src/analysis/items/test-support/simulate-ladder.js';
import { measureCommand } from './measure-command.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 20);
const MODELS = 10;
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const RESAMPLES = Number(process.env.BENCH_B ?? 2000);
const PARAMS = [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10, 3e10, 7e10];

/** Seeded item data: tasks × models × items of correctness, confidence (0.01 steps, so ties occur) and loss. */
function makeData(): { correct: Uint8Array; confidence: Float64Array; loss: Float64Array } {
  const random = uniformSource(2024);
  const size = TASKS * MODELS * ITEMS;
  const correct = new Uint8Array(size);
  const confidence = new Float64Array(size);
  const loss = new Float64Array(size);
  for (let t = 0; t < TASKS; t++) {
    const shifts = Array.from({ length: ITEMS }, () => (random() - 0.5) * 0.6);
    for (let j = 0; j < MODELS; j++) {
      const base = 0.3 + 0.04 * j * (t % 3) / 2;
      for (let i = 0; i < ITEMS; i++) {
        const at = (t * MODELS + j) * ITEMS + i;
        const p = Math.min(0.97, Math.max(0.03, base + shifts[i]!));
        correct[at] = random() < p ? 1 : 0;
        confidence[at] = Math.round(Math.min(1, p + 0.05 * (t % 2)) * 100) / 100;
        loss[at] = -Math.log(correct[at] ? p : (1 - p) / 3);
      }
    }
  }
  return { correct, confidence, loss };
}

function ladderOf(data: ReturnType<typeof makeData>, t: number): ItemLadder {
  return {
    task: `task-${t}`,
    family: null,
    itemIds: Array.from({ length: ITEMS }, (_, i) => `q${i}`),
    chance: 0.25,
    mismatch: null,
    models: PARAMS.map((params, j) => {
      const from = (t * MODELS + j) * ITEMS;
      return {
        model: `m${j}`,
        params,
        correct: data.correct.slice(from, from + ITEMS),
        confidence: data.confidence.slice(from, from + ITEMS),
        loss: data.loss.slice(from, from + ITEMS),
        methods: [],
        present: null,
      };
    }),
  };
}

/**
 * The paired bootstrap of 4 slopes plus every calibration CI for 10 models × 20 tasks × 2,000
 * items with B = 2,000 against a vectorised numpy version of the same work
 * (bench/item_bootstrap_numpy.py, OPENBLAS/OMP threads = 1), same data, same machine: scalegap's
 * kernel on one thread, and the whole item analysis (`scalegap analyze` on item files: the kernel,
 * fits, recommendation) on worker threads, one per core. BENCH_TASKS / BENCH_ITEMS / BENCH_B shrink
 * it; BENCH_SKIP_MEMORY=1 skips the 1,000,000-row memory check.
 */
export async function run(): Promise<void> {
  const data = makeData();
  const folder = mkdtempSync(join(tmpdir(), 'scalegap-item-bench-'));
  writeFileSync(join(folder, 'correct.u8'), data.correct);
  writeFileSync(join(folder, 'confidence.f64'), new Uint8Array(data.confidence.buffer));
  writeFileSync(join(folder, 'loss.f64'), new Uint8Array(data.loss.buffer));
  writeFileSync(join(folder, 'params.f64'), new Uint8Array(Float64Array.from(PARAMS).buffer));
  console.log(`item bootstrap: ${MODELS} models × ${TASKS} tasks × ${ITEMS} items, B = ${RESAMPLES}; 4 slopes + 13 calibration CIs per model`);
  const ladders = Array.from({ length: TASKS }, (_, t) => ladderOf(data, t));

  const kernel = timed(() => {
    let checksum = 0;
    ladders.forEach((ladder, t) => {
      const boot = pairedBootstrap(ladder, { resamples: RESAMPLES, seed: t });
      [METRIC.accuracy, METRIC.loss, METRIC.confidence, METRIC.gap].forEach((slot, s) => { checksum += pairedSlope(boot, s, slot)?.low ?? 0; });
      for (let j = 0; j < MODELS; j++) checksum += calibrationSummary(boot, j)?.ece?.low ?? 0;
    });
    return checksum;
  });
  const { analyzeItemsWith, createWorkerExecutor, built } = await builtModules();
  const executor = createWorkerExecutor();
  const threaded = await timedAsync(async () => (await analyzeItemsWith(executor, ladders, { resamples: RESAMPLES, seed: 1 })).tasks.length);
  await executor.close();

  const script = fileURLToPath(new URL('./item_bootstrap_numpy.py', import.meta.url));
  const python = spawnSync('python3', [script, folder, String(TASKS), String(MODELS), String(ITEMS), String(RESAMPLES), '7'], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    maxBuffer: 1 << 24,
  });
  rmSync(folder, { recursive: true, force: true });
  if (python.status !== 0) {
    console.log(`numpy reference failed: ${python.stderr}`);
    return;
  }
  const numpy = JSON.parse(python.stdout.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number };
  const line = (label: string, m: Timing): string => `${label} ${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds.toFixed(2)} s CPU; ${(m.seconds / numpy.seconds).toFixed(2)}× numpy's wall`;
  console.log(`  numpy (vectorised, 1 thread):                 ${numpy.seconds.toFixed(2)} s wall, ${numpy.cpuSeconds.toFixed(2)} s CPU`);
  console.log(`  ${line('scalegap kernel, 1 thread:                   ', kernel)} (checksum ${kernel.value.toFixed(3)})`);
  console.log(`  ${line(`scalegap item analysis, ${executor.threads} worker threads:`, threaded)} (target: ≤ 0.25×; ${built ? 'dist/ build' : 'sources via tsx'})`);
  if (process.env.BENCH_SKIP_MEMORY !== '1') await memoryCheck();
}

interface Timing { seconds: number; cpuSeconds: number; value: number }

function timed(work: () => number): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

/** Wall and CPU time of async work; process CPU time includes worker threads. */
async function timedAsync(work: () => Promise<number>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

/** Streams 1,000,000 item rows through the built CLI and reports its peak memory (target: under 1 GB). */
async function memoryCheck(): Promise<void> {
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const folder = mkdtempSync(join(tmpdir(), 'scalegap-item-rows-'));
  const file = join(folder, 'items.jsonl');
  const random = uniformSource(99);
  const tasks = 50;
  const items = 2000;
  const chunks: string[] = [];
  const { createWriteStream } = await import('node:fs');
  const out = createWriteStream(file);
  for (let t = 0; t < tasks; t++) {
    for (let j = 0; j < MODELS; j++) {
      for (let i = 0; i < items; i++) {
        const p = 0.3 + 0.5 * random();
        chunks.push(`{"task":"t${t}","model":"m${j}","params":${PARAMS[j]},"item":"q${i}","correct":${random() < p ? 1 : 0},"confidence":${p.toFixed(4)},"loss":${(-Math.log(p)).toFixed(4)}}\n`);
      }
      out.write(chunks.join(''));
      chunks.length = 0;
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
  const measured = measureCommand(process.execPath, [cli, 'analyze', file, '--bootstrap', '200', '--json', join(folder, 'out.json')]);
  console.log(`1,000,000 item rows (${tasks} tasks × ${MODELS} models × ${items} items), --bootstrap 200: ${(measured.wallMs / 1000).toFixed(1)} s wall, peak ${measured.maxRssMb?.toFixed(0) ?? '?'} MB (target: under 1024 MB); status ${measured.status}`);
  rmSync(folder, { recursive: true, force: true });
}

/**
 * The item analysis and worker pool as `scalegap analyze` runs them: from the build (dist/) when
 * there is one (workers then load plain JavaScript), else from the sources (workers load tsx).
 */
async function builtModules(): Promise<typeof import('../src/analysis/items/analyze-items.js') & typeof import('../src/runner/threads/worker-executor.js') & { built: boolean }> {
  const built = new URL('../dist/runner/threads/worker-executor.js', import.meta.url);
  const root = existsSync(fileURLToPath(built)) ? '../dist' : '../src';
  const items = (await import(new URL(`${root}/analysis/items/analyze-items.js`, import.meta.url).href)) as typeof import('../src/analysis/items/analyze-items.js');
  const threads = (await import(new URL(`${root}/runner/threads/worker-executor.js`, import.meta.url).href)) as typeof import('../src/runner/threads/worker-executor.js');
  return { ...items, ...threads, built: root === '../dist' };
}
