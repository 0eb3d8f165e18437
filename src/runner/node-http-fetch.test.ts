import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createNodeHttpFetch', () => {
  it('POSTs a body and returns status, headers and body like fetch', async () => {
    const url = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        response.writeHead(429, 'Too Many Requests', { 'retry-after': '2', 'x-echo': `${request.headers.authorization} ${request.headers['content-length']}` });
        response.end(JSON.stringify({ got: JSON.parse(body) }));
      });
    });
    const fetch = createNodeHttpFetch();
    const response = await fetch(`${url}/v1/x`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify({ a: 'é' }) });
    expect([response.status, response.statusText, response.ok]).toEqual([429, 'Too Many Requests', false]);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-echo')).toBe(`Bearer k ${Buffer.byteLength(JSON.stringify({ a: 'é' }))}`);
    expect(await response.json()).toEqual({ got: { a: 'é' } });
    fetch.destroy();
  });

  it('rejects with the signal reason on abort, and rejects a body that is cut off', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/hang') return;
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"partial":');
      setTimeout(() => response.destroy(), 20);
    });
    const fetch = createNodeHttpFetch();
    const controller = new AbortController();
    const reason = new Error('gave up');
    setTimeout(() => controller.abort(reason), 30);
    await expect(fetch(`${url}/hang`, { method: 'POST', body: '{}', signal: controller.signal })).rejects.toBe(reason);
    await expect(fetch(`${url}/cut`, { method: 'POST', body: '{}' })).rejects.toThrow(/terminated|fetch failed/);
    fetch.destroy();
  });
});
