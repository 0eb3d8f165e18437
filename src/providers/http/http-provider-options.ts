/** Options shared by the HTTP providers (OpenAI-compatible, Anthropic). */
export interface HttpProviderOptions {
  model: string;
  /** A fetch implementation to send requests with (proxies, tracing, tests); default node:http(s) with keep-alive, which costs far less CPU than Node's fetch. */
  fetch?: typeof globalThis.fetch;
  /** Limit for one HTTP exchange, headers and body (default 60 000 ms). */
  timeoutMs?: number;
  /** Extra request headers (not secrets: they may appear in diagnostics). */
  headers?: Record<string, string>;
}
