import { z } from 'zod';
import { LABEL_STYLE_NAMES } from '../tasks/variants/label-styles.js';
import { TEMPLATE_NAMES } from '../tasks/variants/prompt-templates.js';

/** The longest delay a Node.js timer takes (2^31 - 1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;
const MAX_SAMPLES = 1000;
const MAX_CONCURRENCY = 1024;
const MAX_RETRIES = 100;

const PARAMS_PATTERN = /^\s*[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?\s*[kmbtKMBT]?\s*$/;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One model of the ladder. API keys are never part of it: they come from the environment (`apiKeyEnv` names the variable). */
export const modelConfigSchema = z
  .strictObject({
    id: z.string().min(1).describe('Unique name of this model in the run and in reports'),
    provider: z.enum(['openai', 'anthropic', 'llama-cpp']).describe('openai = any OpenAI-compatible server'),
    model: z.string().min(1).describe('Model name at the endpoint, or a .gguf file path for llama-cpp'),
    params: z
      .union([z.number().positive(), z.string().regex(PARAMS_PATTERN, 'expected a parameter count such as 7000000000 or 7b')])
      .describe('Parameter count: a number or 70m / 1.4b / 7b'),
    family: z.string().min(1).optional().describe('Model family (ladder) name; one slope per family'),
    baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional()
      .describe('Endpoint base URL (openai default: $OPENAI_BASE_URL or https://api.openai.com/v1)'),
    apiKeyEnv: z
      .string()
      .regex(ENV_NAME, 'expected the name of an environment variable, such as TOGETHER_API_KEY')
      .optional()
      .describe(
        'Environment variable holding this endpoint\'s API key. Default: OPENAI_API_KEY for api.openai.com (or $OPENAI_BASE_URL when baseUrl is not set), ' +
          'ANTHROPIC_API_KEY for api.anthropic.com; no key is sent to any other endpoint unless named here',
      ),
    price: z
      .strictObject({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() })
      .optional()
      .describe('USD per million input / output tokens, for cost accounting'),
    concurrency: z.number().int().positive().max(MAX_CONCURRENCY).optional().describe('Parallel requests to this model (default: the global one; 1 for local files)'),
    threads: z.number().int().min(1).max(256).optional().describe('llama-cpp: CPU threads for evaluation (default 1)'),
    minOutputTokens: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('openai: the least output budget of every generation request, for reasoning models that spend it on reasoning first (default: raised to 4096 once a model answers nothing at a smaller budget)'),
  })
  .describe('A model of the ladder');

/** Prompt variants of multiple-choice items (brittleness): each factor is varied on its own around the base item. */
export const variantsSchema = z
  .strictObject({
    options: z
      .union([z.literal('rotate'), z.number().int().min(1).max(1000)])
      .optional()
      .describe('rotate: every rotation of the options; a number: that many seeded random orders'),
    labels: z.array(z.enum(LABEL_STYLE_NAMES)).min(1).optional().describe('Answer-label styles; the first is the base item\'s (default letters)'),
    templates: z.array(z.enum(TEMPLATE_NAMES)).min(1).optional().describe('Prompt templates; the first is the base item\'s (default qa)'),
    seed: z.number().int().nonnegative().optional().describe('Seed of the sampled option orders (default 0)'),
  })
  .describe('Versions of each multiple-choice item asked besides it, to measure prompt brittleness');

/** The whole `scalegap.yaml`. */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  models: z.array(modelConfigSchema).min(1, 'at least one model'),
  tasks: z.array(z.string().min(1)).min(1, 'at least one task file').describe('JSONL task files, relative to this file'),
  confidence: z
    .enum(['auto', 'logprobs', 'verbalized', 'consistency'])
    .default('auto')
    .describe('auto picks option log-probs > answer-letter log-probs > verbalized'),
  concurrency: z.number().int().positive().max(MAX_CONCURRENCY).default(8).describe('Parallel requests per provider endpoint'),
  store: z.string().min(1).default('scalegap.db').describe('SQLite results store, relative to this file'),
  samples: z.number().int().min(2).max(MAX_SAMPLES).default(5).describe('Samples per item for the consistency method'),
  timeoutMs: z.number().int().positive().max(MAX_TIMER_MS, 'at most 2147483647 ms (about 24.8 days), the longest timer Node.js has').default(60_000).describe('Timeout of one request in milliseconds'),
  retries: z.number().int().nonnegative().max(MAX_RETRIES).default(5).describe('Retries of a failed retryable request'),
  batch: z
    .strictObject({ pollIntervalMs: z.number().int().min(100).max(MAX_TIMER_MS).default(30_000).describe('First wait between polls of a provider batch (then ×1.5, up to 8×)') })
    .optional()
    .describe('scalegap run --batch: provider batch APIs'),
  variants: variantsSchema.optional(),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ModelConfigInput = z.output<typeof modelConfigSchema>;

/** The JSON schema of `scalegap.yaml` for editors (committed as schema/scalegap.schema.json). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input' }) as Record<string, unknown>;
}

/** The committed text of schema/scalegap.schema.json. */
export function configSchemaText(): string {
  return `${JSON.stringify({ ...configJsonSchema(), title: 'scalegap run config (scalegap.yaml)' }, null, 2)}\n`;
}
