/**
 * Emulations of real model servers' wire formats, for the conformance suite (test support: never
 * shipped). Each emulator answers requests the way one real server does, as read from that server's
 * public source and tests; `sources` cites them (repository, file, commit or tag) so that a reader can
 * check every behaviour against the original.
 */

/** One request as an emulator sees it. */
export interface WireRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/completions`. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body parsed as JSON, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
}

/** One answer: status, extra headers and a body (objects are sent as JSON, strings as they are). */
export interface WireResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface WireEmulator {
  /** Short name shown in test titles, e.g. `vLLM 0.9 base model (Llama tokenizer)`. */
  name: string;
  /** Where each behaviour comes from: `owner/repo path@commit — what it shows`. */
  sources: string[];
  handle(request: WireRequest): WireResponse | Promise<WireResponse>;
}

/** An OpenAI-style error body (`{error: {message, type, param, code}}`). */
export function openAiError(status: number, message: string, extra: { type?: string; param?: string | null; code?: string | number | null } = {}): WireResponse {
  return { status, body: { error: { message, type: extra.type ?? 'invalid_request_error', param: extra.param ?? null, code: extra.code ?? null } } };
}
