import { join } from 'node:path';
import type { ItemResult } from '../core/item-result.js';
import type { ChoiceItem, Task } from '../core/task.js';
import { createLlamaCppProvider } from '../providers/llama-cpp/llama-cpp-provider.js';
import type { LabManifest, LabModelEntry } from './lab-manifest.js';
import { choiceOutcome } from './choice-outcome.js';

/** The family name the lab's models carry in measurements and reports. */
export const LAB_FAMILY = 'scalegap-lab';

/** The option-scoring prompt of scalegap's harness, the format the lab's models were trained on. */
export function labPrompt(item: ChoiceItem): { prompt: string; options: string[] } {
  return { prompt: `Question: ${item.question}\nAnswer:`, options: item.choices.map((choice) => ` ${choice}`) };
}

export interface LabProgress {
  model: string;
  modelIndex: number;
  models: number;
  itemsDone: number;
  items: number;
}

export interface EvaluateLabOptions {
  ladderDir: string;
  manifest: LabManifest;
  tasks: Task[];
  /** CPU threads for node-llama-cpp (1–2 on small machines). */
  threads: number;
  onProgress?: (progress: LabProgress) => void;
  /** Only these models (manifest `model` names); default all. */
  models?: string[];
}

/** One model's item results on every task, scored through the llama-cpp provider. */
export async function evaluateLabModel(entry: LabModelEntry, options: EvaluateLabOptions, modelIndex: number): Promise<ItemResult[]> {
  const provider = createLlamaCppProvider({ modelPath: join(options.ladderDir, entry.file), modelId: entry.model, threads: options.threads });
  const items = options.tasks.flatMap((task) => task.items.filter((item): item is ChoiceItem => item.kind === 'choice').map((item) => ({ task: task.name, item })));
  const results: ItemResult[] = [];
  try {
    for (const [index, { task, item }] of items.entries()) {
      const { prompt, options: choices } = labPrompt(item);
      const scored = await provider.scoreOptions({ prompt, options: choices });
      const outcome = choiceOutcome(scored.optionLogprobs, item.answer);
      results.push({
        task, family: LAB_FAMILY, model: entry.model, params: entry.params, item: item.id,
        correct: outcome.correct, confidence: outcome.confidence, goldLogprob: scored.optionLogprobs[item.answer]!,
        optionLogprobs: scored.optionLogprobs, chosen: outcome.chosen, loss: outcome.loss, method: 'option-logprobs',
      });
      if ((index + 1) % 50 === 0 || index + 1 === items.length) {
        options.onProgress?.({ model: entry.model, modelIndex, models: options.manifest.models.length, itemsDone: index + 1, items: items.length });
      }
    }
  } finally {
    await provider.close();
  }
  return results;
}

/** Every model of the ladder on the given tasks, `jobs` models at a time; results in manifest order. */
export async function evaluateLabLadder(options: EvaluateLabOptions & { jobs?: number }): Promise<ItemResult[]> {
  const entries = options.manifest.models.filter((entry) => options.models === undefined || options.models.includes(entry.model));
  const perModel: ItemResult[][] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      perModel[index] = await evaluateLabModel(entries[index]!, options, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? 1, entries.length)) }, worker));
  return perModel.flat();
}
