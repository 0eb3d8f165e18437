import { z } from 'zod';
import { generateWithBackend } from './generate-with-backend.js';
import { contentText, parseRequest } from './openai-routes.js';
import type { RouteAnswer, RouteContext } from './route-types.js';

const messagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]) }))
    .min(1),
  system: z.string().optional(),
  temperature: z.number().min(0).max(1).optional(),
});

/** `POST /v1/messages`: the Anthropic Messages API; the prompt is the system text and the messages joined by blank lines. */
export async function handleMessages(context: RouteContext, body: unknown): Promise<RouteAnswer> {
  const request = parseRequest(messagesRequestSchema, body);
  const prompt = [...(request.system !== undefined ? [request.system] : []), ...request.messages.map((message) => contentText(message.content))].join('\n\n');
  const generation = await generateWithBackend(context.backend, prompt, {
    maxTokens: request.max_tokens,
    temperature: request.temperature ?? 1,
    seed: context.nextSeed(),
    topK: 0,
  });
  return {
    status: 200,
    body: {
      id: `msg_test_${context.nextSeed()}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [{ type: 'text', text: generation.text }],
      stop_reason: generation.finishReason === 'length' ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: await context.backend.countTokens(prompt), output_tokens: generation.tokens.length },
    },
  };
}
