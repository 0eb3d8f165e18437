import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireEmulator, WireRequest, WireResponse } from './wire-emulator.js';

/** A running emulator on 127.0.0.1, with every request it received (in order). */
export interface RunningWireEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/v1` */
  baseURL: string;
  requests: WireRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(response: ServerResponse, answer: WireResponse): void {
  const isText = typeof answer.body === 'string';
  const payload = isText ? (answer.body as string) : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...answer.headers,
  });
  response.end(payload);
}

/** Serves `emulator` over real HTTP on 127.0.0.1 (an ephemeral port). */
export async function startWireEmulator(emulator: WireEmulator): Promise<RunningWireEmulator> {
  const requests: WireRequest[] = [];
  const server = createServer((incoming, response) => {
    void (async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      const request: WireRequest = {
        method: incoming.method ?? 'GET',
        path: (incoming.url ?? '/').split('?')[0] as string,
        headers,
        body: await readBody(incoming),
      };
      requests.push(request);
      try {
        send(response, await emulator.handle(request));
      } catch (error) {
        send(response, { status: 599, body: `emulator crashed: ${error instanceof Error ? error.stack : String(error)}` });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
