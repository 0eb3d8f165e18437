import { connect, type Socket } from 'node:net';
import type { HeaderReader, HttpTransport, TransportResponse } from './http-transport.js';
import { ResponseFramer, type ResponseHead } from './response-framer.js';

/** One request on a connection: what the connection's listeners report to. */
interface Exchange {
  /** The connection was reused from the pool (a failure before any answer byte is then retried once on a new one). */
  reused: boolean;
  receivedAny: boolean;
  framer: ResponseFramer;
  onHead: (head: ResponseHead) => void;
  onBody: (body: Buffer) => void;
  onFailure: (error: Error) => void;
}

interface Connection {
  socket: Socket;
  origin: string;
  exchange: Exchange | null;
}

const MAX_IDLE_PER_ORIGIN = 256;

/**
 * A plain-HTTP/1.1 POST transport over raw keep-alive sockets, for `http:` URLs: a model server on
 * the same machine or cluster answers hundreds of requests a second, and node:http's general
 * machinery (streams, agents, parser objects) costs about three times the CPU of writing the
 * request and framing the answer directly. Answers are framed by Content-Length, chunked transfer
 * coding or the end of the connection (see ResponseFramer); interim 1xx answers are skipped. A
 * connection is reused while the server keeps it open; one the server closed while it was idle is
 * noticed when a request on it fails before any answer byte, and that request is sent once more on
 * a new connection. Idle connections do not keep the process alive.
 */
export function createSocketHttpTransport(options: { maxResponseBytes: number }): HttpTransport {
  const idle = new Map<string, Connection[]>();

  const release = (connection: Connection): void => {
    connection.exchange = null;
    const pool = idle.get(connection.origin) ?? idle.set(connection.origin, []).get(connection.origin)!;
    if (pool.length >= MAX_IDLE_PER_ORIGIN) return void connection.socket.destroy();
    connection.socket.unref();
    pool.push(connection);
  };
  const forget = (connection: Connection): void => {
    const pool = idle.get(connection.origin);
    const index = pool?.indexOf(connection) ?? -1;
    if (index >= 0) pool!.splice(index, 1);
  };

  const open = (host: string, port: number, origin: string): Connection => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const connection: Connection = { socket, origin, exchange: null };
    const fail = (error: Error): void => {
      forget(connection);
      const exchange = connection.exchange;
      connection.exchange = null;
      socket.destroy();
      exchange?.onFailure(error);
    };
    socket.on('data', (chunk: Buffer) => {
      const exchange = connection.exchange;
      if (!exchange) return void socket.destroy(); // bytes nobody asked for: the connection is no longer usable
      exchange.receivedAny = true;
      try {
        exchange.framer.push(chunk);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on('end', () => {
      const exchange = connection.exchange;
      if (exchange?.framer.endOfConnection()) return; // a close-delimited body is complete
      fail(Object.assign(new Error(exchange?.receivedAny ? 'the connection closed before the body was complete' : 'socket hang up'), { code: 'ECONNRESET' }));
    });
    socket.on('error', fail);
    socket.on('close', () => fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    return connection;
  };

  const acquire = (host: string, port: number, origin: string, fresh: boolean): { connection: Connection; reused: boolean } => {
    const pool = idle.get(origin);
    while (!fresh && pool && pool.length > 0) {
      const connection = pool.pop()!;
      if (connection.socket.destroyed || !connection.socket.writable) continue;
      connection.socket.ref();
      return { connection, reused: true };
    }
    return { connection: open(host, port, origin), reused: false };
  };

  return (url, init) => new Promise<TransportResponse>((resolve, reject) => {
    if (init.signal.aborted) return reject(new Error('aborted'));
    const target = new URL(url);
    const port = target.port === '' ? 80 : Number(target.port);
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    const origin = `${host}:${port}`;
    let head: string;
    try {
      head = requestHead(`${target.pathname}${target.search}`, target.host, init.headers, Buffer.byteLength(init.body));
    } catch (error) {
      return reject(error);
    }
    // the body's outcome, and its promise's settle functions once text() exists
    const body: { text?: Buffer; error?: Error; resolve?: (text: string) => void; reject?: (error: Error) => void } = {};
    let current: Connection | null = null;
    let headersDone = false;
    const abort = (): void => {
      init.signal.removeEventListener('abort', abort);
      if (current) {
        const connection = current;
        current = null;
        connection.exchange = null;
        forget(connection);
        connection.socket.destroy();
      }
      const error = new Error('aborted');
      if (headersDone) body.reject?.(error);
      else reject(error);
    };
    init.signal.addEventListener('abort', abort, { once: true });
    const send = (retried: boolean): void => {
      const { connection, reused } = acquire(host, port, origin, retried);
      current = connection;
      const exchange: Exchange = {
        reused,
        receivedAny: false,
        framer: new ResponseFramer(options.maxResponseBytes, {
          head: (responseHead) => exchange.onHead(responseHead),
          body: (bytes, keepAlive) => {
            init.signal.removeEventListener('abort', abort);
            current = null;
            if (keepAlive) release(connection);
            else {
              connection.exchange = null;
              forget(connection);
              connection.socket.destroy();
            }
            exchange.onBody(bytes);
          },
        }),
        onHead: (responseHead) => {
          headersDone = true;
          const text = new Promise<string>((resolveText, rejectText) => {
            if (body.text) return resolveText(body.text.toString('utf8'));
            if (body.error) return rejectText(body.error);
            body.resolve = resolveText;
            body.reject = rejectText;
          });
          text.catch(() => undefined); // observed by text(); never an unhandled rejection when nobody reads the body
          resolve({ status: responseHead.status, statusText: responseHead.statusText, headers: headerReader(responseHead.headers), text: () => text });
        },
        onBody: (bytes) => {
          if (body.resolve) body.resolve(bytes.toString('utf8'));
          else body.text = bytes;
        },
        onFailure: (error) => {
          current = null;
          if (!headersDone && exchange.reused && !exchange.receivedAny && !retried && !init.signal.aborted) return send(true);
          init.signal.removeEventListener('abort', abort);
          if (!headersDone) return reject(error);
          if (body.reject) body.reject(error);
          else body.error = error;
        },
      };
      connection.exchange = exchange;
      connection.socket.write(head + init.body);
    };
    send(false);
  });
}

/** The request line and headers of a POST; a name or value with CR, LF or NUL is refused (header injection). */
function requestHead(path: string, host: string, headers: Record<string, string>, contentLength: number): string {
  let lines = '';
  let hasHost = false;
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new Error(`invalid HTTP header "${name.replace(/[^\x20-\x7e]/g, '?')}": a name must be a token and neither may hold CR, LF or NUL`);
    }
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue;
    if (lower === 'host') hasHost = true;
    lines += `${name}: ${value}\r\n`;
  }
  return `POST ${path} HTTP/1.1\r\n${hasHost ? '' : `host: ${host}\r\n`}${lines}content-length: ${contentLength}\r\nconnection: keep-alive\r\n\r\n`;
}

function headerReader(headers: Map<string, string>): HeaderReader {
  return { get: (name) => headers.get(name.toLowerCase()) ?? null };
}
