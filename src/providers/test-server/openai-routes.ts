import { z } from 'zod';
import { generateWithBackend } from './generate-with-backend.js';
import { RouteRejection, type RouteAnswer, type RouteContext } from './route-types.js';

const completionsRequestSchema = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  echo: z.boolean().optional(),
  logprobs: z.number().int().min(0).max(5).nullable().optional(),
  max_tokens: z.number().int().min(0).nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  seed: z.number().int().optional(),
});

const contentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]);

const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.string(), content: contentSchema })).min(1),
  max_tokens: z.number().int().min(1).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  logprobs: z.boolean().optional(),
  top_logprobs: z.number().int().min(0).max(20).optional(),
  seed: z.number().int().optional(),
});

/** Parses a request body or rejects it with 400 naming the first wrong field. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RouteRejection(400, `invalid request: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'bad body'}`);
}

/** The text of a message content (a string or a list of text parts). */
export function contentText(content: z.output<typeof contentSchema>): string {
  return typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** `POST /v1/completions`: legacy completions with `echo` and `logprobs` (offsets in code points, first echoed log-prob null). */
export async function handleCompletions(context: RouteContext, body: unknown): Promise<RouteAnswer> {
  if (!context.support.completions) throw new RouteRejection(404, 'this server has no /v1/completions endpoint');
  const request = parseRequest(completionsRequestSchema, body);
  if (!context.support.promptArrays && Array.isArray(request.prompt)) throw new RouteRejection(400, '`prompt` must be a string on this server');
  if (!context.support.zeroMaxTokens && request.max_tokens === 0) throw new RouteRejection(400, '`max_tokens` must be at least 1');
  const wantsLogprobs = request.logprobs !== undefined && request.logprobs !== null;
  if (request.echo === true && context.support.echo === 'refused') throw new RouteRejection(400, '`echo` is not supported by this server');
  if (wantsLogprobs && context.support.logprobs === 'refused') throw new RouteRejection(400, '`logprobs` is not supported by this server');
  const echo = request.echo === true && context.support.echo === 'supported';
  const withLogprobs = wantsLogprobs && context.support.logprobs === 'supported';
  const topK = request.logprobs ?? 0;
  const maxTokens = request.max_tokens ?? 16;
  const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
  let promptTokens = 0;
  let completionTokens = 0;
  const choices = [];
  for (const [index, prompt] of prompts.entries()) {
    const scored = echo || withLogprobs ? await context.backend.scoreText(prompt) : [];
    promptTokens += await context.backend.countTokens(prompt);
    const generation = maxTokens > 0
      ? await generateWithBackend(context.backend, prompt, { maxTokens, temperature: request.temperature ?? 1, seed: request.seed ?? context.nextSeed(), topK })
      : { tokens: [], text: '', finishReason: 'length' as const };
    completionTokens += generation.tokens.length;
    const entries = [
      ...(echo ? scored.map((token, position) => ({ token: token.token, logprob: position === 0 ? null : token.logprob, top: position === 0 ? undefined : token.top })) : []),
      ...generation.tokens,
    ];
    let offset = 0;
    const textOffset = entries.map((entry) => {
      const start = offset;
      offset += codePointLength(entry.token);
      return start;
    });
    const logprobs = {
      tokens: entries.map((entry) => entry.token),
      token_logprobs: entries.map((entry) => entry.logprob),
      top_logprobs: entries.map((entry) => (entry.top ? Object.fromEntries(entry.top.slice(0, topK).map((top) => [top.token, top.logprob])) : null)),
      text_offset: textOffset,
    };
    choices.push({ index, text: (echo ? prompt : '') + generation.text, logprobs: withLogprobs ? logprobs : null, finish_reason: generation.finishReason });
  }
  return {
    status: 200,
    body: {
      id: `cmpl-test-${context.nextSeed()}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices,
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
  };
}

/** `POST /v1/chat/completions`: the prompt is the messages' contents joined by blank lines; `logprobs` + `top_logprobs` per generated token. */
export async function handleChatCompletions(context: RouteContext, body: unknown): Promise<RouteAnswer> {
  const request = parseRequest(chatRequestSchema, body);
  if (!context.support.chatMaxTokens && request.max_tokens !== undefined && request.max_tokens !== null) {
    throw new RouteRejection(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
  }
  if (request.top_logprobs !== undefined && request.logprobs !== true) throw new RouteRejection(400, '`top_logprobs` requires `logprobs: true`');
  if (request.logprobs === true && context.support.logprobs === 'refused') throw new RouteRejection(400, '`logprobs` is not supported by this server');
  const withLogprobs = request.logprobs === true && context.support.logprobs === 'supported';
  const prompt = request.messages.map((message) => contentText(message.content)).join('\n\n');
  const generation = await generateWithBackend(context.backend, prompt, {
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? 16,
    temperature: request.temperature ?? 1,
    seed: request.seed ?? context.nextSeed(),
    topK: request.top_logprobs ?? 0,
  });
  const promptTokens = await context.backend.countTokens(prompt);
  const bytes = (token: string): number[] => [...Buffer.from(token, 'utf8')];
  const logprobs = {
    content: generation.tokens.map((token) => ({
      token: token.token,
      logprob: token.logprob,
      bytes: bytes(token.token),
      top_logprobs: token.top.map((top) => ({ token: top.token, logprob: top.logprob, bytes: bytes(top.token) })),
    })),
  };
  return {
    status: 200,
    body: {
      id: `chatcmpl-test-${context.nextSeed()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: generation.text }, logprobs: withLogprobs ? logprobs : null, finish_reason: generation.finishReason }],
      usage: { prompt_tokens: promptTokens, completion_tokens: generation.tokens.length, total_tokens: promptTokens + generation.tokens.length },
    },
  };
}
