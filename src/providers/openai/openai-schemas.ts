import { z } from 'zod';

/** Wire shapes of OpenAI-compatible answers, as far as scalegap reads them (unknown keys ignored). */

export const openAiUsageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative().optional(),
    completion_tokens: z.number().int().nonnegative().optional(),
  })
  .nullable()
  .optional();

export const completionLogprobsSchema = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  /** Character (code point) offset of each token in the choice's text. */
  text_offset: z.array(z.number().int().nonnegative()).optional(),
});

export type CompletionLogprobs = z.output<typeof completionLogprobsSchema>;

/** vLLM's `Logprob` (vllm/logprobs.py) as serialized in `prompt_logprobs`. */
const promptLogprobSchema = z.object({
  logprob: z.number(),
  rank: z.number().int().nullable().optional(),
  decoded_token: z.string().nullable().optional(),
});

const completionChoiceSchema = z.object({
  index: z.number().int().nonnegative().optional(),
  text: z.string().optional(),
  logprobs: completionLogprobsSchema.nullable().optional(),
  /** vLLM: per prompt position (the first null), token id → log-probability of it and of the top alternatives. */
  prompt_logprobs: z.array(z.record(z.string(), promptLogprobSchema).nullable()).nullable().optional(),
  /** vLLM with `return_token_ids`. */
  prompt_token_ids: z.array(z.number().int().nonnegative()).nullable().optional(),
});

export type CompletionChoice = z.output<typeof completionChoiceSchema>;

export const completionsResponseSchema = z.object({
  choices: z.array(completionChoiceSchema).min(1),
  usage: openAiUsageSchema,
});

const topLogprobSchema = z.object({ token: z.string(), logprob: z.number() });

export const chatResponseSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional() }),
        logprobs: z
          .object({
            content: z
              .array(topLogprobSchema.extend({ top_logprobs: z.array(topLogprobSchema).optional() }))
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
  usage: openAiUsageSchema,
});

export type OpenAiUsage = z.output<typeof openAiUsageSchema>;
