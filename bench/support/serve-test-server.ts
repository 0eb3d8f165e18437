/**
 * Starts the HTTP test server in its own process (so that its CPU is not the harness's) and prints
 * its base URL. A thin front on that URL passes every request to the test server, or, after
 * `replay` on stdin, answers the requests it recorded (after `record`) by itself: the same bytes,
 * after the same latency, at a fraction of the test server's CPU. The test server tokenises and
 * builds every answer (about 0.9 ms of CPU per request here), which delays answers while 32 arrive
 * together, so that even a bare client stays well under the latency's ceiling against it; replayed
 * answers take that out of the measurement. Each line `usage` on stdin is answered with one JSON
 * line on stdout: this process's CPU time so far (ms) and the requests it has answered.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { readBody } from '../../src/providers/test-server/read-body.js';
import { startTestServer } from '../../src/providers/test-server/start-test-server.js';

interface Recorded { status: number; headers: Record<string, string>; body: Buffer }

const latencyMs = Number(process.argv[2] ?? '50');
const server = await startTestServer({ latencyMs });
const target = new URL(server.baseURL);
const agent = new Agent({ keepAlive: true });
const recorded = new Map<string, Recorded>();
let mode: 'pass' | 'record' | 'replay' = 'pass';
let answered = 0;

function send(response: ServerResponse, answer: Recorded): void {
  answered++;
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

/** The test server's answer to the same request. */
function pass(incoming: IncomingMessage, body: Buffer): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
    const forwarded = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers, agent }, (answer) => {
      void readBody(answer).then((data) => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string' && !['content-length', 'connection', 'keep-alive', 'date', 'transfer-encoding'].includes(name)) kept[name] = value;
        resolve({ status: answer.statusCode ?? 502, headers: kept, body: data });
      }, reject);
    });
    forwarded.on('error', reject);
    forwarded.end(body);
  });
}

const front = createServer((incoming, response) => {
  void readBody(incoming).then(async (body) => {
    const key = `${incoming.method} ${incoming.url} ${body.toString('latin1')}`;
    const known = mode === 'replay' ? recorded.get(key) : undefined;
    if (known) return void setTimeout(() => send(response, known), latencyMs);
    const answer = await pass(incoming, body);
    if (mode === 'record') recorded.set(key, answer);
    send(response, answer);
  }).catch((error: unknown) => {
    response.writeHead(502).end(String(error));
  });
});
front.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
const address = front.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`http://127.0.0.1:${port}${target.pathname}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  // the test server's request log grows with every request; a benchmark needs only the counts
  server.stats.log.length = 0;
  if (command === 'record') {
    mode = 'record';
    server.setLatencyMs(0);
  } else if (command === 'replay') {
    mode = 'replay';
    server.setLatencyMs(latencyMs);
  } else if (command === 'pass') {
    mode = 'pass';
    recorded.clear();
    server.setLatencyMs(latencyMs);
  }
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, requests: answered, answered, recorded: recorded.size })}\n`);
});
process.on('SIGTERM', () => {
  front.close();
  void server.close().then(() => process.exit(0));
});
