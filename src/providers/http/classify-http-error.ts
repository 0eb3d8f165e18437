import type { HeaderReader } from './http-transport.js';

/** What an HTTP error answer means for the caller. */
export interface HttpErrorClass {
  /** The server's own message (from its JSON error body), or the start of the raw body. */
  message: string;
  isRetryable: boolean;
  /** The body says the feature or parameter is not supported: a refusal, never worth a retry. */
  unsupported: boolean;
  /** A quota or spend limit is exhausted (or the server said `x-should-retry: false` to a 429): nothing sent to this endpoint can succeed now. */
  stopsLane: boolean;
  code: string | undefined;
  param: string | undefined;
}

/**
 * Phrases with which real servers refuse a feature: llama-server's "Only no echo is supported" (HTTP
 * 500), vLLM's "default chat template is no longer allowed", OpenAI's "This is not a chat model",
 * "Unsupported parameter" / "Unsupported value" (reasoning models), "does not support", "not implemented".
 */
const UNSUPPORTED = /not supported|\bonly\b.* (is|are) supported|unsupported|does not support|not a chat model|chat template|not allowed|not implemented|unrecognized (request )?argument|unknown (parameter|field)|extra (inputs|fields) (are|is) not permitted/i;

/** OpenAI's codes for a 429 that no retry can cure (help.openai.com, "Troubleshooting API rate limits and 429 errors"). */
const QUOTA_CODES = new Set([
  'insufficient_quota', 'credit_balance_exhausted', 'organization_usage_limit_exceeded', 'organization_spend_limit_exceeded', 'project_spend_limit_exceeded',
]);

interface ErrorBody {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  param: string | undefined;
  detailCode: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Reads OpenAI (`{error: {message, type, param, code}}`), Anthropic (`{type: 'error', error: {type, message, details}}`) and plain (`{error: '…'}`, `{message}`) error bodies. */
function readErrorBody(raw: string): ErrorBody {
  const empty: ErrorBody = { message: undefined, code: undefined, type: undefined, param: undefined, detailCode: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return empty;
  }
  if (typeof parsed !== 'object' || parsed === null) return empty;
  const body = parsed as { error?: unknown; message?: unknown; detail?: unknown };
  if (typeof body.error === 'string') return { ...empty, message: body.error };
  if (typeof body.error === 'object' && body.error !== null) {
    const error = body.error as { message?: unknown; code?: unknown; type?: unknown; param?: unknown; details?: { error_code?: unknown } | null };
    return {
      message: text(error.message), code: text(error.code), type: text(error.type), param: text(error.param),
      detailCode: text(error.details?.error_code),
    };
  }
  return { ...empty, message: text(body.message) ?? text(body.detail) };
}

/** Classifies an HTTP error answer (status not 2xx) from its status, body and headers. */
export function classifyHttpError(status: number, raw: string, headers: HeaderReader): HttpErrorClass {
  const body = readErrorBody(raw);
  const trimmed = raw.trim();
  const message = body.message ?? (trimmed === '' ? '(empty body)' : trimmed.slice(0, 300));
  const shouldRetry = headers.get('x-should-retry');
  const quota = [body.code, body.type, body.detailCode].some((code) => code !== undefined && (QUOTA_CODES.has(code) || code === 'enforced_spend_limit_reached'));
  // Anthropic answers a spend limit the user set with 400 "You have reached your specified API usage limits"; 402 is billing.
  const spendLimit = /you have reached your (specified )?(workspace )?api usage limits/i.test(message) || status === 402;
  const stopsLane = (status === 429 && (quota || shouldRetry === 'false')) || spendLimit;
  const authentication = status === 401 || status === 403;
  const unsupported = !stopsLane && !authentication && status !== 429 && status !== 408 && (status === 501 || (UNSUPPORTED.test(message) && status !== 503));
  const transientStatus = status === 408 || status === 409 || status === 429 || status >= 500;
  const isRetryable = !stopsLane && !unsupported && (shouldRetry === 'true' || (shouldRetry !== 'false' && transientStatus));
  return { message, isRetryable, unsupported, stopsLane, code: body.code ?? body.detailCode, param: body.param };
}
