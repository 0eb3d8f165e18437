import { Agent, request } from 'node:http';
import { echoRequestBody } from '../../src/providers/openai/score-with-echo.js';
import { echoTexts, type BenchItem } from './write-bench-job.js';

/**
 * The reference for the harness's client CPU: the same echo requests scalegap sends for `items`,
 * POSTed with node:http keep-alive at `concurrency`, each answer only parsed (JSON.parse) — what any
 * client must do, with no scheduling, checking, scoring or storing. Returns its rate and CPU per request.
 */
export async function runBareClient(baseUrl: string, items: BenchItem[], concurrency: number): Promise<{ rate: number; cpuMsPerRequest: number }> {
  const agent = new Agent({ keepAlive: true });
  const url = new URL(`${baseUrl}/completions`);
  const post = (item: BenchItem): Promise<void> => new Promise((resolve, reject) => {
    const body = JSON.stringify(echoRequestBody('bench-0', echoTexts(item)));
    const sent = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve();
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await post(items[next++] as BenchItem);
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return { rate: items.length / wallS, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / items.length };
}
