import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Wall time, CPU time and peak memory of one run of a command. */
export interface CommandMeasurement {
  wallMs: number;
  cpuMs: number | null;
  maxRssMb: number | null;
  status: number | null;
}

/** Runs a command to completion (stdout discarded) and measures it with /usr/bin/time when present. */
export function measureCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CommandMeasurement & { stderr: string } {
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const spawnOptions = { encoding: 'utf8' as const, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] as Array<'ignore' | 'pipe'>, ...options };
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '__TIME__ %U %S %M', command, ...args], spawnOptions)
    : spawnSync(command, args, spawnOptions);
  const wallMs = performance.now() - started;
  const match = /__TIME__ ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr ?? '');
  return {
    wallMs,
    cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : null,
    maxRssMb: match ? Number(match[3]) / 1024 : null,
    status: result.status,
    stderr: (result.stderr ?? '').replace(/__TIME__[^\n]*\n?/, ''),
  };
}

/** The median of several measurements of the same command. */
export function medianOf(runs: number, measure: () => CommandMeasurement): CommandMeasurement {
  const all = Array.from({ length: runs }, measure).sort((a, b) => a.wallMs - b.wallMs);
  return all[Math.floor(all.length / 2)]!;
}
