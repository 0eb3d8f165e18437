import { customIdOf, outputErrorText, type BatchInputLine, type BatchOutputLine } from './batch-lines.js';

/** The answer a recorded request gets: the provider fails the call, nothing is sent. */
const RECORDED_STATUS = 599;

/** The `/v1/...` path of a request URL. */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

function bodyOf(init: RequestInit | undefined): Record<string, unknown> {
  return JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>;
}

/**
 * A fetch for a provider that records every request it is asked to send as a batch line (headers,
 * and so API keys, are dropped) and fails it; the live provider code builds the bodies.
 */
export function recordingFetch(lines: BatchInputLine[]): typeof globalThis.fetch {
  return (input, init) => {
    const url = pathOf(String(input instanceof Request ? input.url : input));
    const body = bodyOf(init);
    lines.push({ custom_id: customIdOf(url, body), method: 'POST', url, body });
    return Promise.resolve(new Response(JSON.stringify({ error: { message: 'recorded for a batch file, not sent' } }), { status: RECORDED_STATUS }));
  };
}

/**
 * A fetch that answers each request from batch output lines (by custom id, i.e. by path and body)
 * as the server answered it: the body with its status, or the line's error as an OpenAI-style error
 * body. A request the output does not hold is answered 599 with that said.
 */
export function replayFetch(outputs: Map<string, BatchOutputLine>): typeof globalThis.fetch {
  return (input, init) => {
    const url = pathOf(String(input instanceof Request ? input.url : input));
    const line = outputs.get(customIdOf(url, bodyOf(init)));
    if (!line) {
      const message = `the batch output has no answer to this ${url} request (a follow-up the live provider needed); send it live with scalegap run --retry-errors`;
      return Promise.resolve(new Response(JSON.stringify({ error: { message } }), { status: RECORDED_STATUS }));
    }
    const status = line.response?.status_code ?? 500;
    const body = line.response?.body;
    if (status === 200 && body !== null && body !== undefined) return Promise.resolve(new Response(JSON.stringify(body), { status }));
    const failed = status === 200 ? 500 : status;
    return Promise.resolve(new Response(JSON.stringify(body ?? { error: { message: `batch line ${line.custom_id}: ${outputErrorText(line)}` } }), { status: failed }));
  };
}
