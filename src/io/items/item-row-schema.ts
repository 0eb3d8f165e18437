import { z } from 'zod';

/** One row of the item results format (DESIGN.md section 6), as it appears in a JSONL file. */
export const itemRowSchema = z.object({
  task: z.string().min(1),
  model: z.string().min(1),
  params: z.union([z.number(), z.string()]),
  tokens: z.union([z.number(), z.string()]).nullable().optional(),
  item: z.union([z.string().min(1), z.number()]),
  correct: z.union([z.boolean(), z.literal(0), z.literal(1)]),
  confidence: z.number().min(0).max(1).nullable().optional(),
  gold_logprob: z.number().nullable().optional(),
  option_logprobs: z.array(z.number()).min(1).nullable().optional(),
  chosen: z.union([z.number(), z.string()]).nullable().optional(),
  method: z.enum(['option-logprobs', 'letter-logprobs', 'verbalized', 'consistency', 'given']).nullable().optional(),
  family: z.string().nullable().optional(),
  loss: z.number().min(0).nullable().optional(),
});

/** What each field must be, for error messages. */
export const ITEM_FIELD_EXPECTATIONS: Record<string, string> = {
  task: 'a non-empty string',
  model: 'a non-empty string',
  params: 'a parameter count such as 70000000 or "70m"',
  tokens: 'a training-token count such as 300000000000 or "300b", or null',
  item: 'a non-empty string or a number (the item id)',
  correct: '0, 1, true or false',
  confidence: 'a number in [0, 1] (a fraction, not a percentage) or null',
  gold_logprob: 'a number (log-probability in nats) or null',
  option_logprobs: 'a non-empty array of numbers or null',
  chosen: 'an option index or text, or null',
  method: 'one of option-logprobs, letter-logprobs, verbalized, consistency, given',
  family: 'a string or null',
  loss: 'a non-negative number (nats) or null',
};
