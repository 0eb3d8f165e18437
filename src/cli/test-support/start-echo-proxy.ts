import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy in front of the test server that repeats the credentials it receives (see startEchoProxy). */
export interface EchoProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Requests that came with the expected authorization. */
  authorized: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The credentials of a request in the forms a careless server or proxy repeats them. */
function echoForms(authorization: string): string {
  const [scheme = '', value = ''] = authorization.split(' ');
  const decoded = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8') : value;
  const password = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : decoded;
  return [authorization, Buffer.from(authorization).toString('base64'), decoded, password, password.toUpperCase(), password.toLowerCase(),
    Buffer.from(password).toString('base64'), encodeURIComponent(`${password}/`)].join(' ');
}

/**
 * Forwards OpenAI-format requests to `upstream` (the test server) and repeats the authorization it
 * got in every form: appended to each chat answer (a 200), and in the message of every
 * `errorEvery`-th request, which it fails with HTTP 400. A request without `expectAuthorization` gets 401.
 */
export async function startEchoProxy(upstream: string, options: { expectAuthorization: string; upstreamKey: string; errorEvery: number }): Promise<EchoProxy> {
  let count = 0;
  const proxy: EchoProxy = { url: '', authorized: 0, close: async () => {} };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const authorization = request.headers.authorization ?? '';
      const send = (status: number, json: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (authorization !== options.expectAuthorization) return send(401, { error: { message: `bad credentials: ${echoForms(authorization)}` } });
      proxy.authorized++;
      if (++count % options.errorEvery === 0) return send(400, { error: { message: `refused for ${echoForms(authorization)}` } });
      const answer = await fetch(`${upstream}${request.url}`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${options.upstreamKey}` },
      });
      const json = (await answer.json()) as { choices?: Array<{ message?: { content?: string } }> };
      for (const choice of json.choices ?? []) if (typeof choice.message?.content === 'string') choice.message.content += `\n(${echoForms(authorization)})`;
      send(answer.status, json);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}
