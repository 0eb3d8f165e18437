/**
 * The ground truth the emulators answer from (test support): a toy tokenizer and fixed
 * log-probability rules, simple enough that a test computes every expected number by hand. No
 * start token and no byte splitting: these emulators test the probe, request settings and errors;
 * the vLLM emulators (echo branch) cover tokenizer quirks.
 */

/** Splits text into tokens that spell it: a word with its leading spaces, one punctuation mark with its leading spaces, or trailing spaces. */
export function toyTokens(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}]+|\s*[^\s\p{L}\p{N}]|\s+/gu) ?? [];
}

/** FNV-1a over the UTF-16 code units of a text (32-bit). */
export function toyHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Log-probability (nats) of `token` after `context`: between −0.2 and −4.196, fixed by the last 16 characters of context and the token. */
export function toyTokenLogprob(context: string, token: string): number {
  return -(0.2 + (toyHash(`${context.slice(-16)}|${token}`) % 1000) / 250);
}

/** The echoed tokens of `text`, with their log-probabilities (the first has none, as on real servers) and character offsets. */
export function toyEcho(text: string): Array<{ token: string; logprob: number | null; offset: number }> {
  let offset = 0;
  return toyTokens(text).map((token, index) => {
    const entry = { token, logprob: index === 0 ? null : toyTokenLogprob(text.slice(0, offset), token), offset };
    offset += token.length;
    return entry;
  });
}

/** Tokens offered as the first answer token of a prompt: the letters and two distractors. */
export const TOY_FIRST_TOKENS = ['A', 'B', 'C', 'D', 'The', ' '];

/** The next-token distribution after a prompt over TOY_FIRST_TOKENS (log-softmax of fixed scores), most likely first. */
export function toyFirstTokenLogprobs(prompt: string): Array<{ token: string; logprob: number }> {
  const scores = TOY_FIRST_TOKENS.map((token) => -((toyHash(`${prompt}#${token}`) % 1000) / 200));
  const top = Math.max(...scores);
  const total = top + Math.log(scores.reduce((sum, score) => sum + Math.exp(score - top), 0));
  return TOY_FIRST_TOKENS.map((token, index) => ({ token, logprob: (scores[index] as number) - total })).sort((a, b) => b.logprob - a.logprob);
}

/** The reply of a model asked for an answer letter and a stated confidence: a letter and 50–99, fixed by the prompt. */
export function toyVerbalizedReply(prompt: string): { letter: string; confidence: number; text: string } {
  const hash = toyHash(prompt);
  const letter = 'ABCD'[hash % 4] as string;
  const confidence = 50 + ((hash >>> 8) % 50);
  return { letter, confidence, text: `Answer: ${letter}\nConfidence: ${confidence}` };
}

/** What a chat model answers to `prompt`: the stated-confidence reply when asked for one, else the likeliest first token. */
export function toyChatReply(prompt: string, maxTokens: number): { text: string; tokens: string[]; finishReason: 'stop' | 'length' } {
  const full = /Confidence: <0-100>/.test(prompt) ? toyVerbalizedReply(prompt).text : (toyFirstTokenLogprobs(prompt)[0] as { token: string }).token;
  const tokens = toyTokens(full);
  return tokens.length <= maxTokens
    ? { text: full, tokens, finishReason: 'stop' }
    : { text: tokens.slice(0, maxTokens).join(''), tokens: tokens.slice(0, maxTokens), finishReason: 'length' };
}

/** The last user message of a chat request body (string content). */
export function lastUserText(body: unknown): string {
  const messages = (body as { messages?: Array<{ role?: string; content?: unknown }> } | undefined)?.messages ?? [];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}
