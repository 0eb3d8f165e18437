import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { createDefaultHttpTransport } from './default-http-transport.js';
import { createNodeHttpTransport } from './http-transport.js';
import { postJson } from './post-json.js';

const SECRET = 'sk-secret-post-json-4242';

// every test runs over node:http and over the raw-socket transport that plain-HTTP URLs get by default
describe.each([['node:http', createNodeHttpTransport], ['raw sockets', createDefaultHttpTransport]] as const)('postJson over %s', (_, createTransport) => {
  const defaultTransport = createTransport();
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
      if (request.url === '/echo-forms' || request.url === '/echo-basic') {
        // a 200 answer that repeats the credentials it got, in every form a log or proxy might use
        const header = request.headers.authorization ?? '';
        const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
        const forms = [SECRET, SECRET.toUpperCase(), SECRET.toLowerCase(), encodeURIComponent(`${SECRET}/x`), Buffer.from(`Bearer ${SECRET}`).toString('base64'),
          Buffer.from(SECRET).toString('base64'), header, decoded, decoded.split(':')[1] ?? '', request.url];
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ text: forms.join(' | '), host: request.headers.host }));
        return;
      }
      if (request.url === '/huge') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ text: 'x'.repeat(100_000) }));
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
    postJson({ url: `${url}${path}`, headers: { authorization: `Bearer ${SECRET}` }, body: {}, transport: defaultTransport, timeoutMs: 5000, secret: SECRET });

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

  it('redacts every form of the key from a 200 answer that echoes it', async () => {
    const { json } = await postJson({
      url: `${url}/echo-forms`, headers: { authorization: `Bearer ${SECRET.toUpperCase().toLowerCase()}` }, body: {}, transport: defaultTransport,
      timeoutMs: 5000, secret: SECRET,
    });
    const text = (json as { text: string }).text;
    expect(text.split(' | ').slice(0, 7)).toEqual(['[redacted]', '[redacted]', '[redacted]', '[redacted]%2Fx', '[redacted]', '[redacted]', 'Bearer [redacted]']);
    for (const form of [SECRET, Buffer.from(SECRET).toString('base64'), Buffer.from(`Bearer ${SECRET}`).toString('base64')]) expect(text).not.toContain(form);
  });

  it('sends URL credentials only as Basic authorization, and redacts them from answers and errors', async () => {
    const password = 'pw-url-9d1e77';
    const withCredentials = url.replace('http://', `http://someone:${password}@`);
    const { json } = await postJson({ url: `${withCredentials}/echo-basic`, headers: {}, body: {}, transport: defaultTransport, timeoutMs: 5000 });
    const parts = (json as { text: string }).text.split(' | ');
    expect(parts[6]).toBe('Basic [redacted]'); // the header the server got: base64 of someone:pw
    expect(parts[7]).toBe('someone:[redacted]');
    expect(parts[8]).toBe('[redacted]');
    expect(parts[9]).toBe('/echo-basic');
    expect(JSON.stringify(json)).not.toContain(password);
    expect(JSON.stringify(json)).not.toContain(Buffer.from(`someone:${password}`).toString('base64'));
    const error = await postJson({ url: `${withCredentials}/status/500`, headers: {}, body: {}, transport: defaultTransport, timeoutMs: 5000 })
      .then(() => new Error('no error'), (thrown: unknown) => thrown as Error);
    expect(error.message).toBe(`POST ${url}/status/500: HTTP 500 Internal Server Error: failed with 500`);
    const refused = await postJson({ url: `http://someone:${password}@127.0.0.1:9/v1`, headers: {}, body: {}, transport: defaultTransport, timeoutMs: 5000 })
      .then(() => new Error('no error'), (thrown: unknown) => thrown as Error);
    expect(refused.message).toMatch(/^POST http:\/\/127\.0\.0\.1:9\/v1: request failed/);
    expect(refused.message).not.toContain(password);
  });

  it('stops reading an answer over the size limit: a non-retryable error, not a process out of memory', async () => {
    const transport = createTransport({ maxResponseBytes: 10_000 });
    const error = await postJson({ url: `${url}/huge`, headers: {}, body: {}, transport, timeoutMs: 5000 }).then(() => new Error('no error'), (thrown: unknown) => thrown as Error);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ isRetryable: false, status: 200 });
    expect(error.message).toBe(`POST ${url}/huge: HTTP 200: the answer is larger than the limit of 10000 bytes; the connection was closed`);
    await expect(postJson({ url: `${url}/huge`, headers: {}, body: {}, transport: defaultTransport, timeoutMs: 5000 })).resolves.toMatchObject({ status: 200 });
  });
});
