import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseTooLargeError } from './http-transport.js';
import { createSocketHttpTransport } from './socket-http-transport.js';

/**
 * A TCP server that answers each request it reads (up to the end of its Content-Length body) with
 * the bytes `answer` returns, written in the pieces given (to split heads, chunk lines and bodies
 * across packets). It records the requests and the connection each came on.
 */
async function rawServer(answer: (request: string, index: number, socket: Socket) => string[] | null): Promise<{ url: string; requests: Array<{ text: string; connection: number }>; server: Server }> {
  const requests: Array<{ text: string; connection: number }> = [];
  let connections = 0;
  const server = createServer((socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
    const connection = connections++;
    let buffered = '';
    socket.on('data', async (chunk) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
        if (buffered.length < headEnd + 4 + length) return;
        const text = buffered.slice(0, headEnd + 4 + length);
        buffered = buffered.slice(headEnd + 4 + length);
        requests.push({ text, connection });
        const pieces = answer(text, requests.length - 1, socket);
        if (pieces === null) continue;
        for (const piece of pieces) {
          socket.write(Buffer.from(piece, 'latin1'));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/v1/completions?x=1`, requests, server };
}

let servers: Server[] = [];
const openSockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of openSockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

const post = async (transport: ReturnType<typeof createSocketHttpTransport>, url: string, body = '{"a":"é"}', signal = new AbortController().signal) => {
  const response = await transport(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body, signal });
  return { status: response.status, statusText: response.statusText, type: response.headers.get('Content-Type'), vary: response.headers.get('vary'), text: await response.text() };
};

describe('createSocketHttpTransport', () => {
  it('sends a well-formed POST and frames Content-Length, chunked and close-delimited answers, whatever the packet boundaries', async () => {
    const answers = [
      ['HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nVary: a\r\nvary: b\r\nContent-', 'Length: 11\r\n\r\n{"ok":', 'true}'],
      ['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"ok', '"\r\n', '7\r\n:"chunk\r\n3\r\n"}\n\r\n0\r\nTrailer: x\r\n', '\r\n'],
      ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'],
      ['HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the ', 'end'],
    ];
    const { url, requests, server } = await rawServer((_, index, socket) => {
      if (index === 3) setTimeout(() => socket.end(), 20);
      if (index < 4) return answers[index]!;
      socket.destroy(); // a server that drops the connection without answering
      return null;
    });
    servers.push(server);
    const transport = createSocketHttpTransport({ maxResponseBytes: 1000 });
    expect(await post(transport, url)).toEqual({ status: 200, statusText: 'OK', type: 'application/json', vary: 'a, b', text: '{"ok":true}' });
    expect(await post(transport, url)).toMatchObject({ status: 201, statusText: 'Created', text: '{"ok":"chunk"}\n' });
    expect(await post(transport, url)).toMatchObject({ status: 200, text: '{}' });
    expect(await post(transport, url)).toMatchObject({ status: 200, text: 'until the end' });
    const body = '{"a":"é"}';
    expect(requests[0]!.text).toBe(`POST /v1/completions?x=1 HTTP/1.1\r\nhost: ${new URL(url).host}\r\ncontent-type: application/json\r\nauthorization: Bearer k\r\n`
      + `content-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${Buffer.from(body).toString('latin1')}`);
    // one connection while the server keeps it open
    expect(requests.slice(0, 4).map((request) => request.connection)).toEqual([0, 0, 0, 0]);
    // the HTTP/1.0 answer ended its connection: the next request goes on a new one, where the server drops it unanswered
    expect(await post(transport, url).catch((error: Error) => error.message)).toBe('socket hang up');
    expect(requests[4]!.connection).toBe(1);
  });

  it('sends a request again on a new connection when the server had closed the idle one, and only then', async () => {
    const { url, requests, server } = await rawServer((_, index, socket) => {
      if (index === 0) {
        setTimeout(() => socket.end(), 10); // the server's keep-alive timeout
        return ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na'];
      }
      return ['HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb'];
    });
    servers.push(server);
    const transport = createSocketHttpTransport({ maxResponseBytes: 1000 });
    expect((await post(transport, url)).text).toBe('a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await post(transport, url)).text).toBe('b');
    expect(requests.map((request) => request.connection)).toEqual([0, 1]);
  });

  it('fails a body cut off, a malformed answer and one over the size limit, and never reuses their connections', async () => {
    const { url, requests, server } = await rawServer((_, index, socket) => {
      if (index === 0) {
        setTimeout(() => socket.destroy(), 10);
        return ['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"cut'];
      }
      if (index === 1) return ['HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nabcde'];
      if (index === 2) return ['HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n'];
      if (index === 3) return ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', 'zz\r\n'];
      return ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'];
    });
    servers.push(server);
    const transport = createSocketHttpTransport({ maxResponseBytes: 1000 });
    const response = await transport(url, { headers: {}, body: '', signal: new AbortController().signal });
    await expect(response.text()).rejects.toThrow('the connection closed before the body was complete');
    await expect(post(transport, url)).rejects.toThrow('malformed HTTP answer: Content-Length "5, 6"');
    const large = await transport(url, { headers: {}, body: '', signal: new AbortController().signal });
    expect(large.status).toBe(200);
    await expect(large.text()).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(post(transport, url)).rejects.toThrow('malformed HTTP answer: the chunk-size line "zz"');
    expect((await post(transport, url)).text).toBe('ok');
    expect(requests.map((request) => request.connection)).toEqual([0, 1, 2, 3, 4]);
  });

  it('aborts waiting for the head and while reading the body', async () => {
    const { url, server } = await rawServer((_, index) => (index === 0 ? null : ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345']));
    servers.push(server);
    const transport = createSocketHttpTransport({ maxResponseBytes: 1000 });
    const first = new AbortController();
    const waiting = transport(url, { headers: {}, body: '', signal: first.signal });
    setTimeout(() => first.abort(), 20);
    await expect(waiting).rejects.toThrow('aborted');
    const second = new AbortController();
    const response = await transport(url, { headers: {}, body: '', signal: second.signal });
    second.abort();
    await expect(response.text()).rejects.toThrow('aborted');
  });

  it('refuses header names and values that would inject lines, and reports a refused connection', async () => {
    const transport = createSocketHttpTransport({ maxResponseBytes: 1000 });
    const signal = new AbortController().signal;
    await expect(transport('http://127.0.0.1:9/v1', { headers: { 'x-a': 'b\r\nx-evil: 1' }, body: '', signal })).rejects.toThrow('invalid HTTP header "x-a"');
    await expect(transport('http://127.0.0.1:9/v1', { headers: { 'x a': 'b' }, body: '', signal })).rejects.toThrow('invalid HTTP header');
    await expect(transport('http://127.0.0.1:9/v1', { headers: {}, body: '', signal })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
