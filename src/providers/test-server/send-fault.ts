import type { ServerResponse } from 'node:http';
import type { FaultKind } from './fault-plan.js';

interface FaultContext {
  anthropic: boolean;
  retryAfterSeconds: number;
  retryAfterHeaders: 'both' | 'seconds' | 'milliseconds';
  /** The real answer, for faults that damage it (truncated body, missing logprobs, malformed JSON). */
  answer: unknown;
}

/** Writes the response of an injected fault (every kind but `hang`, which writes nothing). */
export function sendFault(response: ServerResponse, fault: Exclude<FaultKind, 'hang'>, context: FaultContext): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    response.end(text);
  };
  const error = (type: string, message: string): unknown =>
    context.anthropic ? { type: 'error', error: { type, message } } : { error: { message, type, code: null } };
  switch (fault) {
    case 'rate-limit': {
      const headers: Record<string, string> = {};
      if (context.retryAfterHeaders !== 'milliseconds') headers['retry-after'] = String(context.retryAfterSeconds);
      if (context.retryAfterHeaders !== 'seconds') headers['retry-after-ms'] = String(Math.round(context.retryAfterSeconds * 1000));
      return json(429, error('rate_limit_error', 'rate limit reached (injected fault)'), headers);
    }
    case 'server-error':
      return json(500, error('server_error', 'internal error (injected fault)'));
    case 'malformed-json': {
      const text = '{"id": "broken", "choices": [{"index": 0, <!-- upstream proxy error -->';
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      response.end(text);
      return;
    }
    case 'truncated-body': {
      const text = Buffer.from(JSON.stringify(context.answer));
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
      response.write(text.subarray(0, Math.floor(text.length / 2)), () => response.destroy());
      return;
    }
    case 'missing-logprobs':
      return json(200, withoutLogprobs(context.answer));
  }
}

/** The answer with every `choices[].logprobs` removed (Anthropic answers have none and pass unchanged). */
function withoutLogprobs(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null || !Array.isArray((answer as { choices?: unknown }).choices)) return answer;
  const typed = answer as { choices: Array<Record<string, unknown>> };
  return { ...typed, choices: typed.choices.map(({ logprobs: _logprobs, ...rest }) => rest) };
}
