import type { TestServerBackend } from './test-server-backend.js';

/** How a test server treats a feature: honour it, refuse it with HTTP 400, or silently ignore it. */
export type FeatureSupport = 'supported' | 'refused' | 'ignored';

/** What the server's wire formats support, to exercise clients' fallbacks. */
export interface WireSupport {
  /** `echo` on `/v1/completions` (default supported). */
  echo: FeatureSupport;
  /** `logprobs` on `/v1/completions` and `/v1/chat/completions` (default supported). */
  logprobs: FeatureSupport;
  /** Whether `/v1/completions` exists at all (default true; false answers 404 like a chat-only server). */
  completions: boolean;
  /** Whether `/v1/completions` accepts `max_tokens: 0` (default true; false answers 400, as some servers do). */
  zeroMaxTokens: boolean;
  /** Whether `/v1/completions` accepts a prompt array (default true; false answers 400). */
  promptArrays: boolean;
  /** Whether `/v1/chat/completions` accepts `max_tokens` (default true; false answers 400 naming `max_completion_tokens`, as OpenAI's reasoning models do). */
  chatMaxTokens: boolean;
}

export interface RouteContext {
  backend: TestServerBackend;
  support: WireSupport;
  /** A sampling seed for a request that brings none (advances per request). */
  nextSeed(): number;
}

/** A route's answer before faults are applied. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

/** A request the server rejects, rendered in the route's own error format. */
export class RouteRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
