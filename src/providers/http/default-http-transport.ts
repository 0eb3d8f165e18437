import { createNodeHttpTransport, MAX_RESPONSE_BYTES, type HttpTransport } from './http-transport.js';
import { createSocketHttpTransport } from './socket-http-transport.js';

/**
 * The transport the HTTP providers use unless given a fetch: `http:` URLs over raw keep-alive
 * sockets (createSocketHttpTransport: a third of node:http's CPU per request), `https:` over
 * node:https. SCALEGAP_HTTP_CLIENT=node sends plain HTTP through node:http as well (a way out
 * should some server's answers need node:http's leniency).
 */
export function createDefaultHttpTransport(options: { maxResponseBytes?: number } = {}): HttpTransport {
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const node = createNodeHttpTransport({ maxResponseBytes });
  const plain = process.env.SCALEGAP_HTTP_CLIENT === 'node' ? node : createSocketHttpTransport({ maxResponseBytes });
  return (url, init) => (url.startsWith('http:') ? plain : node)(url, init);
}

/** The default transport (see createDefaultHttpTransport), shared by every provider so that connections are reused across models. */
export const defaultHttpTransport: HttpTransport = createDefaultHttpTransport();
