/** A token with its log-probability (nats) given everything before it. */
export interface BackendToken {
  token: string;
  /** Null when the backend has no context to condition the first token on. */
  logprob: number | null;
  /** The most likely tokens at this position, most likely first (optional). */
  top?: Array<{ token: string; logprob: number }>;
}

/**
 * What answers the test server's requests: a model seen only through two functions. Token strings
 * must spell the text exactly (their concatenation is the input).
 */
export interface TestServerBackend {
  /** Tokenizes `text` and scores every token given the tokens before it. */
  scoreText(text: string): Promise<BackendToken[]>;
  /** Number of tokens in `text` (for usage counts). */
  countTokens(text: string): Promise<number>;
  /** The `topK` most likely next tokens after `text`, most likely first; with `topK` large, the whole distribution. */
  nextTokens(text: string, topK: number): Promise<Array<{ token: string; logprob: number }>>;
  /** Generation by the model itself (used before `reply` and token-by-token decoding when present). */
  generate?(prompt: string, options: { maxTokens: number; temperature: number; seed: number; topK: number }): Promise<{
    text: string;
    tokens: Array<{ token: string; logprob: number; top: Array<{ token: string; logprob: number }> }>;
    finishReason: 'stop' | 'length';
  }>;
  /** A scripted reply to a generation prompt; when absent the server decodes token by token with `nextTokens`. */
  reply?(prompt: string, options: { maxTokens: number; temperature: number; seed: number }): Promise<string>;
  /** Frees the model, if any (called by the server's `close`). */
  close?(): Promise<void>;
}
