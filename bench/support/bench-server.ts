import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** What the server process has done so far. */
export interface ServerUsage {
  cpuMs: number;
  requests: number;
  answered: number;
  /** Answers kept for replay. */
  recorded?: number;
}

/** The test server in a child process: its base URL, its own CPU use on request, and a stop. */
export interface BenchServer {
  baseUrl: string;
  usage(): Promise<ServerUsage>;
  /**
   * `record`: pass requests to the test server at no latency and keep its answers; `replay`: answer
   * the recorded requests by itself after the latency; `pass`: the test server answers (the default).
   */
  mode(mode: 'record' | 'replay' | 'pass'): Promise<ServerUsage>;
  stop(): void;
}

/** Starts `serve-test-server.ts` (the test server behind a replaying front) with a fixed latency in its own Node process. */
export async function startBenchServer(latencyMs: number): Promise<BenchServer> {
  const script = fileURLToPath(new URL('./serve-test-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (): Promise<string> => new Promise((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  const baseUrl = (await nextLine()).trim();
  const command = async (line: string): Promise<ServerUsage> => {
    const answer = nextLine();
    child.stdin!.write(`${line}\n`);
    return JSON.parse(await answer) as ServerUsage;
  };
  return {
    baseUrl,
    usage: () => command('usage'),
    mode: (mode) => command(mode),
    stop: () => child.kill('SIGTERM'),
  };
}

/** What the server did between two readings, per request and as a share of one core over `wallS`. */
export function serverShare(before: ServerUsage, after: ServerUsage, wallS: number): { requests: number; cpuMsPerRequest: number; busyShare: number } {
  const requests = after.requests - before.requests;
  const cpuMs = after.cpuMs - before.cpuMs;
  return { requests, cpuMsPerRequest: requests > 0 ? cpuMs / requests : 0, busyShare: cpuMs / 1000 / wallS };
}
