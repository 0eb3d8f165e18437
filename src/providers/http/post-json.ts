import { ProviderCallError } from '../spec.js';
import { ResponseTooLargeError, type HeaderReader, type HttpTransport, type TransportResponse } from './http-transport.js';
import { classifyHttpError } from './classify-http-error.js';
import { parseRetryAfterMs } from './parse-retry-after.js';
import { redactSecrets } from '../../core/redact-secrets.js';
import { splitUrlCredentials } from './url-credentials.js';

/** One JSON POST to a model endpoint. */
export interface PostJsonRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  transport: HttpTransport;
  /** Limit for the whole exchange, headers and body. */
  timeoutMs: number;
  /** The caller's cancellation; when it fires, its reason is thrown as is (not a ProviderCallError). */
  signal?: AbortSignal | undefined;
  /** A value (the API key) removed, in every form, from every message and answer this function produces. */
  secret?: string | undefined;
  /** Reads the body of a 2xx answer (default JSON.parse); a throw is reported as a body that is not valid JSON. */
  parse?: ((text: string) => unknown) | undefined;
}

export interface PostJsonResponse {
  json: unknown;
  status: number;
  headers: HeaderReader;
}

/**
 * POSTs JSON and returns the parsed JSON answer of a 2xx response. Every failure — network, timeout,
 * HTTP status, a body cut off or not JSON — is thrown as a ProviderCallError; only the caller's own
 * abort is rethrown unchanged. Credentials in the URL (`http://user:pass@host`) are sent only as a
 * Basic authorization header (unless the caller sets one). Neither they nor `secret` appear, in any
 * form (see redactSecrets), in a message or in the answer returned: a server that echoes them back
 * has them redacted.
 */
export async function postJson(request: PostJsonRequest): Promise<PostJsonResponse> {
  const credentials = splitUrlCredentials(request.url);
  const secrets = [request.secret, ...credentials.secrets];
  const redactSecret = (text: string): string => redactSecrets(text, secrets);
  const url = credentials.url;
  const hasAuthorization = Object.keys(request.headers).some((name) => name.toLowerCase() === 'authorization');
  const authorization: Record<string, string> = credentials.authorization !== undefined && !hasAuthorization ? { authorization: credentials.authorization } : {};
  // One controller, aborted by the time limit or the caller: cheaper per request than AbortSignal.timeout + any, and its timer goes at once.
  const controller = new AbortController();
  const signal = controller.signal;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, request.timeoutMs);
  timer.unref();
  const cancel = (): void => controller.abort(request.signal?.reason);
  if (request.signal?.aborted) cancel();
  else request.signal?.addEventListener('abort', cancel, { once: true });
  const fail = (message: string, options: ConstructorParameters<typeof ProviderCallError>[1]): ProviderCallError =>
    new ProviderCallError(redactSecret(`POST ${url}: ${message}`), options);
  const failOnThrow = (error: unknown, stage: string, status?: number): unknown => {
    if (request.signal?.aborted) return request.signal.reason;
    const withStatus = status !== undefined ? { status } : {};
    if (timedOut) return fail(`timed out after ${request.timeoutMs} ms ${stage}`, { isRetryable: true, ...withStatus });
    if (error instanceof ResponseTooLargeError) return fail(`HTTP ${status ?? 200}: ${error.message}`, { isRetryable: false, ...withStatus });
    const detail = redactSecret(describeError(error));
    return fail(`${status === undefined ? 'request failed' : `the response body was cut off after HTTP ${status}`}: ${detail}`, {
      isRetryable: true,
      cause: new Error(detail),
      ...withStatus,
    });
  };

  const exchange = async (): Promise<PostJsonResponse> => {
    let response: TransportResponse;
    try {
      response = await request.transport(url, {
        headers: { 'content-type': 'application/json', ...authorization, ...request.headers },
        body: JSON.stringify(request.body),
        signal,
      });
    } catch (error) {
      throw failOnThrow(error, 'waiting for the answer');
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw failOnThrow(error, 'reading the response body', response.status);
    }
    text = redactSecret(text);
    if (response.status < 200 || response.status > 299) {
      const status = response.status;
      const error = classifyHttpError(status, text, response.headers);
      throw fail(`HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}: ${error.message}`, {
        status,
        isRetryable: error.isRetryable,
        retryAfterMs: parseRetryAfterMs(response.headers),
        unsupported: error.unsupported,
        stopsLane: error.stopsLane,
        ...(error.code !== undefined ? { code: error.code } : {}),
        ...(error.param !== undefined ? { param: error.param } : {}),
      });
    }
    try {
      return { json: (request.parse ?? JSON.parse)(text) as unknown, status: response.status, headers: response.headers };
    } catch {
      throw fail(`HTTP ${response.status} with a body that is not valid JSON (${text.length} characters, starting ${JSON.stringify(text.slice(0, 60))})`, {
        status: response.status,
        isRetryable: true,
      });
    }
  };
  try {
    return await exchange();
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', cancel);
  }
}

/** An error and its causes as one line (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
