import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultPlan } from './fault-plan.js';
import type { TestServerOptions, TestServerStats } from './start-test-server.js';

/** Options of a test server in its own process: everything but functions; the backend named as data. */
export interface TestServerProcessOptions extends Omit<TestServerOptions, 'backend'> {
  backend?: { kind: 'deterministic'; seed?: number; tokenizer?: 'char' | 'word' } | { kind: 'llama'; modelPath: string; threads?: number };
}

export type ProcessCommand =
  | { id: number; op: 'start'; options: TestServerProcessOptions }
  | { id: number; op: 'stats' | 'resetStats' | 'close' }
  | { id: number; op: 'setFaults'; plan: FaultPlan }
  | { id: number; op: 'setLatencyMs'; latencyMs: number };

/** A test server running in a child process, so that its CPU is not counted in the measuring process. */
export interface TestServerProcess {
  url: string;
  baseURL: string;
  pid: number;
  stats(): Promise<TestServerStats>;
  setFaults(plan: FaultPlan): Promise<void>;
  setLatencyMs(latencyMs: number): Promise<void>;
  resetStats(): Promise<void>;
  /** Closes the server and waits for the process to exit. */
  close(): Promise<void>;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * Starts `startTestServer` in a child Node process (with the tsx loader when running from the
 * TypeScript sources) and drives it over IPC. For benchmarks: the client's CPU time then excludes
 * the server's. Scripted replies (`reply` functions) cannot cross processes.
 */
export async function startTestServerProcess(options: TestServerProcessOptions = {}): Promise<TestServerProcess> {
  const extension = extname(fileURLToPath(import.meta.url));
  const entry = fileURLToPath(new URL(`./test-server-process-main${extension}`, import.meta.url));
  const child: ChildProcess = fork(entry, [], { execArgv: extension === '.ts' ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.result);
  });
  void exited.then(() => {
    for (const waiting of pending.values()) waiting.reject(new Error('the test server process exited'));
    pending.clear();
  });
  const call = <T>(command: Distribute<ProcessCommand>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...command, id });
    });

  let started: { url: string; baseURL: string };
  try {
    started = await call<{ url: string; baseURL: string }>({ op: 'start', options });
  } catch (error) {
    child.kill();
    await exited;
    throw error;
  }
  const { url, baseURL } = started;
  return {
    url,
    baseURL,
    pid: child.pid as number,
    stats: () => call<TestServerStats>({ op: 'stats' }),
    setFaults: (plan) => call<void>({ op: 'setFaults', plan }),
    setLatencyMs: (latencyMs) => call<void>({ op: 'setLatencyMs', latencyMs }),
    resetStats: () => call<void>({ op: 'resetStats' }),
    async close() {
      if (child.exitCode === null && child.connected) await call<void>({ op: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}
