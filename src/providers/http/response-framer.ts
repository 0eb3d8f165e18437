import { ResponseTooLargeError } from './http-transport.js';

/** Status line and headers of an answer (header names lower-case; repeated headers joined by ", "). */
export interface ResponseHead {
  status: number;
  statusText: string;
  headers: Map<string, string>;
}

/** Where the answer's body ends (RFC 9112 section 6.3). */
type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF_CRLF = Buffer.from('\r\n\r\n');

/** A malformed answer: the connection cannot be trusted further. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(`malformed HTTP answer: ${message}`);
    this.name = 'MalformedResponseError';
  }
}

/**
 * Frames one HTTP/1.1 answer from the bytes of a connection, pushed as they arrive: the head
 * (interim 1xx answers skipped), then the body by Content-Length, chunked transfer coding (chunk
 * extensions and trailers ignored) or, with neither, the end of the connection. Calls `head` once,
 * then `body` with the whole body and whether the connection can carry another request. Throws
 * MalformedResponseError or ResponseTooLargeError (over `maxBodyBytes`) from `push`.
 */
export class ResponseFramer {
  private pending: Buffer = Buffer.alloc(0);
  private framing: Framing | null = null;
  private keepAlive = false;
  private readonly parts: Buffer[] = [];
  private bodyBytes = 0;
  /** Bytes of the current chunk still to come (chunked); -1 while a chunk-size line is awaited, -2 while the CRLF after a chunk is. */
  private chunkRemaining = -1;
  private inTrailers = false;
  private done = false;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly on: { head: (head: ResponseHead) => void; body: (body: Buffer, keepAlive: boolean) => void },
  ) {}

  push(chunk: Buffer): void {
    if (this.done) throw new MalformedResponseError('bytes after the end of the answer');
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.framing === null && !this.done) {
      const end = this.pending.indexOf(CRLF_CRLF);
      if (end < 0) {
        if (this.pending.length > MAX_HEAD_BYTES) throw new MalformedResponseError(`the head is longer than ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      const text = this.pending.toString('latin1', 0, end);
      this.pending = this.pending.subarray(end + 4);
      this.readHead(text);
    }
    if (!this.done) this.readBody();
  }

  /** The connection ended: true when that completes a close-delimited body (the answer is then delivered). */
  endOfConnection(): boolean {
    if (this.done || this.framing?.kind !== 'close') return false;
    this.take(this.pending);
    this.pending = Buffer.alloc(0);
    this.finish();
    return true;
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n');
    const match = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
    if (!match) throw new MalformedResponseError(`the status line is ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    const status = Number(match[2]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new MalformedResponseError(`the header line ${JSON.stringify(line.slice(0, 80))} has no name`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers.get(name);
      headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    if (status >= 100 && status < 200 && status !== 101) return; // interim answer (100 Continue, 103 Early Hints): the real one follows
    const connection = (headers.get('connection') ?? '').toLowerCase();
    this.keepAlive = match[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const transferEncoding = headers.get('transfer-encoding');
    const contentLength = headers.get('content-length');
    if (status === 204 || status === 304) this.framing = { kind: 'length', remaining: 0 };
    else if (transferEncoding !== undefined) {
      if (!/(^|,)\s*chunked\s*$/i.test(transferEncoding)) throw new MalformedResponseError(`transfer coding "${transferEncoding}" is not supported`);
      this.framing = { kind: 'chunked' };
    } else if (contentLength !== undefined) {
      const lengths = new Set(contentLength.split(',').map((part) => part.trim()));
      const [only] = lengths;
      if (lengths.size !== 1 || !/^\d{1,15}$/.test(only!)) throw new MalformedResponseError(`Content-Length "${contentLength}"`);
      this.framing = { kind: 'length', remaining: Number(only) };
    } else {
      this.framing = { kind: 'close' };
      this.keepAlive = false;
    }
    this.on.head({ status, statusText: match[3] ?? '', headers });
    if (this.framing.kind === 'length' && this.framing.remaining > this.maxBodyBytes) throw new ResponseTooLargeError(this.maxBodyBytes);
  }

  private readBody(): void {
    const framing = this.framing!;
    if (framing.kind === 'close') {
      this.take(this.pending);
      this.pending = Buffer.alloc(0);
      return;
    }
    if (framing.kind === 'length') {
      const taken = Math.min(framing.remaining, this.pending.length);
      this.take(this.pending.subarray(0, taken));
      framing.remaining -= taken;
      const rest = this.pending.subarray(taken);
      this.pending = Buffer.alloc(0);
      if (framing.remaining === 0) {
        this.finish();
        if (rest.length > 0) throw new MalformedResponseError('bytes after the end of the answer');
      }
      return;
    }
    this.readChunks();
  }

  private readChunks(): void {
    for (;;) {
      if (this.chunkRemaining > 0) {
        const taken = Math.min(this.chunkRemaining, this.pending.length);
        this.take(this.pending.subarray(0, taken));
        this.pending = this.pending.subarray(taken);
        this.chunkRemaining -= taken;
        if (this.chunkRemaining > 0) return;
        this.chunkRemaining = -2; // the CRLF after the data
      }
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd < 0) {
        if (this.pending.length > MAX_HEAD_BYTES) throw new MalformedResponseError('a chunk-size line or trailer is too long');
        return;
      }
      const line = this.pending.toString('latin1', 0, lineEnd);
      this.pending = this.pending.subarray(lineEnd + 2);
      if (this.chunkRemaining === -2) {
        if (line !== '') throw new MalformedResponseError('a chunk does not end with CRLF');
        this.chunkRemaining = -1;
      } else if (this.inTrailers) {
        if (line === '') {
          this.finish();
          if (this.pending.length > 0) throw new MalformedResponseError('bytes after the end of the answer');
          return;
        }
      } else {
        const size = /^([0-9a-fA-F]{1,12})\s*(;.*)?$/.exec(line);
        if (!size) throw new MalformedResponseError(`the chunk-size line ${JSON.stringify(line.slice(0, 40))}`);
        const bytes = Number.parseInt(size[1]!, 16);
        if (bytes === 0) this.inTrailers = true;
        else this.chunkRemaining = bytes;
      }
    }
  }

  private take(part: Buffer): void {
    if (part.length === 0) return;
    this.bodyBytes += part.length;
    if (this.bodyBytes > this.maxBodyBytes) throw new ResponseTooLargeError(this.maxBodyBytes);
    this.parts.push(part);
  }

  private finish(): void {
    this.done = true;
    this.on.body(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts), this.keepAlive);
  }
}
