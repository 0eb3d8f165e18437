import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's system python3: Debian's python3-torch imports only there, not in a python3 earlier on PATH. */
export const LAB_PYTHON = '/usr/bin/python3';
/** The lab's Python folder (holds the `scalegap_lab` package). */
export const LAB_DIR = fileURLToPath(new URL('../../../lab/', import.meta.url));

/**
 * Runs `python3 -m scalegap_lab.<module> ...args` single-threaded and at low priority, and returns its stdout.
 * Fails loudly (never skips) when torch is missing, naming the apt packages to install.
 */
export function runLabModule(module: string, args: string[], timeoutMs = 900_000): string {
  return runLabPython(['-m', `scalegap_lab.${module}`, ...args], timeoutMs).stdout;
}

/** Runs `python3 ...args` in the lab folder (single-threaded, low priority); returns stdout, throws with stderr. */
export function runLabPython(args: string[], timeoutMs = 900_000): { stdout: string; stderr: string } {
  const probe = spawnSync(LAB_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `the lab needs Debian's PyTorch in ${LAB_PYTHON}: apt-get install -y python3-torch libopenblas0-pthread\n${probe.stderr ?? probe.error?.message ?? ''}`,
    );
  }
  const result = spawnSync('nice', ['-n', '15', LAB_PYTHON, ...args], {
    cwd: LAB_DIR,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`python3 ${args.join(' ')} failed (status ${result.status}, signal ${result.signal}):\n${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
