import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH, type CliResult } from './run-cli.js';

/** A running `scalegap` child process (for tests that serve HTTP in the test process meanwhile). */
export interface RunningCli {
  child: ChildProcess;
  /** Output so far. */
  output: { stdout: string; stderr: string };
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI without blocking the event loop. */
export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output.stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output.stderr += text));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, ...output }));
  });
  return { child, output, done };
}

/** Runs the built CLI to the end, asynchronously. */
export function runCliAsync(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return startCli(args, options).done;
}
