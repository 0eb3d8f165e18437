import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface RungSpeed { rung: string; params: number; tokens_per_s_wall: number; tokens_per_s_cpu: number }

/** Training tokens/s of every rung of the lab ladder (one thread, as lab/train-ladder runs them). */
export async function run(): Promise<void> {
  const labDir = fileURLToPath(new URL('../lab/', import.meta.url));
  const result = spawnSync('/usr/bin/python3', ['-m', 'scalegap_lab.bench', '--steps', '20'], {
    cwd: labDir, encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
  });
  if (result.status !== 0) throw new Error(`scalegap_lab.bench failed (needs apt python3-torch libopenblas0-pthread):\n${result.stderr}`);
  const rungs = JSON.parse(result.stdout) as RungSpeed[];
  const smallest = rungs[0]!;
  for (const rung of rungs) {
    console.log(`${rung.rung.padEnd(6)} ${String(rung.params).padStart(8)} params  ${String(rung.tokens_per_s_cpu).padStart(7)} tokens/s (CPU)  `
      + `${String(rung.tokens_per_s_wall).padStart(7)} tokens/s (wall)  ${(smallest.tokens_per_s_cpu / rung.tokens_per_s_cpu).toFixed(1)}× the cost of ${smallest.rung}`);
  }
}
