import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { nodeHttpTransport } from './http-transport.js';
import { postJson } from './post-json.js';

const SECRET = 'sk-secret-post-json-4242';

describe('postJson', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A real server whose answer is chosen by the path: /status/NNN, /echo-auth (repeats the Authorization header in its error).
    server = createServer((request, response) => {
      const status = Number((request.url ?? '').split('/')[2] ?? 200);
      if (request.url === '/echo-auth') {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `bad header: ${request.headers.authorization}` } }));
        return;
      }
      if (request.url === '/plain') {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>Bad gateway</html>');
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { ok: true } : { error: { message: `failed with ${status}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string): Promise<unknown> =>
    postJson({ url: `${url}${path}`, headers: { authorization: `Bearer ${SECRET}` }, body: {}, transport: nodeHttpTransport, timeoutMs: 5000, secret: SECRET });

  it('returns the parsed JSON of a 2xx answer', async () => {
    await expect(post('/status/200')).resolves.toMatchObject({ status: 200, json: { ok: true } });
  });

  it.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [529, true],
  ])('HTTP %i is a ProviderCallError with isRetryable %s and the server message', async (status, retryable) => {
    const error = await post(`/status/${status}`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ status, isRetryable: retryable });
    expect((error as Error).message).toContain(`failed with ${status}`);
  });

  it('quotes the start of a non-JSON error body', async () => {
    const error = await post('/plain').catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 502, isRetryable: true });
    expect((error as Error).message).toContain('<html>Bad gateway</html>');
  });

  it('redacts the secret when a server repeats it', async () => {
    const error = await post('/echo-auth').catch((thrown: unknown) => thrown);
    expect((error as Error).message).toContain('bad header: Bearer [redacted]');
    expect((error as Error).message).not.toContain(SECRET);
  });
});
