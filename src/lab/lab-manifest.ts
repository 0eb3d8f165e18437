import { join } from 'node:path';
import { z } from 'zod';
import { inputError } from '../core/errors.js';
import { readTextFile } from '../io/read-text-file.js';

const figuresSchema = z.object({ n: z.number().int().positive(), accuracy: z.number(), loss: z.number(), confidence: z.number() });

const modelSchema = z.object({
  model: z.string().min(1),
  size: z.string().min(1),
  seed: z.number().int(),
  params: z.number().int().positive(),
  file: z.string().regex(/^[\w.-]+\.gguf$/, 'a GGUF file name inside the ladder folder'),
  file_bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  budget: z.object({ steps: z.number().int(), batch: z.number().int(), context: z.number().int(), tokens: z.number().int(), non_padding_tokens: z.number().int() }),
  final_loss: z.number(),
  train_wall_s: z.number(),
  tokens_per_s: z.number(),
  corpus_hash: z.string(),
  evaluation: z.record(z.string(), figuresSchema),
});

const manifestSchema = z.object({
  lab: z.string(),
  format: z.literal(1),
  corpus: z.object({ seed: z.number(), world_seed: z.number(), lines: z.number(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).loose(),
  training: z.object({ tokens_per_model: z.number(), ladder_wall_s: z.number().nullable() }).loose(),
  tasks: z.record(z.string(), z.object({
    file: z.string().regex(/^items\/[\w.-]+\.jsonl$/),
    n: z.number().int().positive(),
    role: z.enum(['heldout', 'probe', 'variants', 'diagnostic']),
    description: z.string(),
  })),
  models: z.array(modelSchema).min(1),
});

/** `lab/ladder/manifest.json`: how each shipped model was trained and what PyTorch measured on it. */
export type LabManifest = z.infer<typeof manifestSchema>;
export type LabModelEntry = z.infer<typeof modelSchema>;
export type LabTaskRole = LabManifest['tasks'][string]['role'];

/** Evaluation figures of one model on one task, as PyTorch computed them after training. */
export type LabFigures = z.infer<typeof figuresSchema>;

/** Reads and validates a ladder's manifest; every problem names the file and the JSON path. */
export function readLabManifest(ladderDir: string): LabManifest {
  const file = join(ladderDir, 'manifest.json');
  let data: unknown;
  try {
    data = JSON.parse(readTextFile(file));
  } catch (error) {
    if (error instanceof SyntaxError) throw inputError({ file }, `the lab manifest is not valid JSON (${error.message})`, error);
    throw error;
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = `$${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
    throw inputError({ file, path, field: String(issue.path.at(-1) ?? '') }, `the lab manifest is invalid: ${issue.message}`);
  }
  const manifest = parsed.data;
  manifest.models.forEach((model, index) => {
    for (const task of Object.keys(model.evaluation)) {
      if (!(task in manifest.tasks)) {
        throw inputError({ file, path: `$.models[${index}].evaluation.${task}` }, `task "${task}" is not listed under "tasks"`);
      }
    }
    if (model.corpus_hash !== manifest.corpus.hash) {
      throw inputError({ file, path: `$.models[${index}].corpus_hash` }, 'the model was trained on another corpus than the manifest names');
    }
  });
  return manifest;
}
