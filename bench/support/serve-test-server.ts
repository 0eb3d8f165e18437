/**
 * Starts the HTTP test server in its own process (so that its CPU is not the harness's) and prints
 * its base URL. Each line `usage` on stdin is answered with one JSON line on stdout: the server
 * process's CPU time so far (ms) and the requests it has answered, so that a benchmark can show the
 * server was not the bottleneck.
 */
import { createInterface } from 'node:readline';
import { startTestServer } from '../../src/providers/test-server/start-test-server.js';

const latencyMs = Number(process.argv[2] ?? '50');
const server = await startTestServer({ latencyMs });
process.stdout.write(`${server.baseURL}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'usage') return;
  const cpu = process.cpuUsage();
  // the request log grows with every request; a benchmark needs only the counts
  server.stats.log.length = 0;
  process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, requests: server.stats.requests, answered: server.stats.answered })}\n`);
});
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
