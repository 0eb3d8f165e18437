import http from 'node:http';
import https from 'node:https';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for provider POSTs built on node:http(s) with keep-alive agents. Node's built-in fetch
 * (undici) costs about 0.5 ms more CPU per request, which limits a run at hundreds of requests per
 * second. The whole body is read before the Response is returned, so a body cut off mid-way
 * rejects the call (like a failed fetch); an abort signal destroys the request and rejects with its reason.
 */
export function createNodeHttpFetch(options: { maxSockets?: number } = {}): typeof globalThis.fetch & { destroy(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
  };
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const headers = new Headers(init.headers);
      if (init.body != null && typeof init.body !== 'string') return reject(new TypeError('only string bodies are supported'));
      const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
      const requestHeaders: Record<string, string> = Object.fromEntries(headers);
      if (body) requestHeaders['content-length'] = String(body.length);
      const onAbort = (): void => {
        request.destroy();
        reject(signal!.reason);
      };
      const module = url.protocol === 'https:' ? https : http;
      const request = module.request(url, { method: init.method ?? 'GET', headers: requestHeaders, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(new TypeError('terminated', { cause: error }));
        });
        response.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          if (!response.complete) return reject(new TypeError('terminated: the response body was cut off'));
          const status = response.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (Array.isArray(value)) for (const entry of value) responseHeaders.append(name, entry);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const payload = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: error }));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      request.end(body);
    });
  return Object.assign(nodeFetch as typeof globalThis.fetch, {
    destroy: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
