import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionScoringPrompt } from '../../src/tasks/format-prompt.js';

/** One benchmark item: four choices, the first correct. */
export interface BenchItem {
  id: string;
  question: string;
  choices: string[];
  answer: number;
}

/** `count` items whose ids and questions start with `prefix`, so that no two jobs share a cached response. */
export function benchItems(prefix: string, count: number): BenchItem[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`,
    question: `${prefix}: what is ${index} + ${index}?`,
    choices: [`${2 * index}`, `${2 * index + 1}`, `${index}`, `${3 * index}`],
    answer: 0,
  }));
}

/**
 * Writes `<name>.jsonl` (the items) and `<name>.yaml` (a scalegap config: `models` OpenAI-compatible
 * models on `baseUrl`, one lane at `concurrency`, store `<name>.db`) into `dir`; returns the config path.
 */
export function writeBenchJob(dir: string, name: string, options: { baseUrl: string; items: BenchItem[]; models: number; concurrency: number }): string {
  writeFileSync(join(dir, `${name}.jsonl`), `${options.items.map((item) => JSON.stringify(item)).join('\n')}\n`);
  const models = Array.from({ length: options.models }, (_, index) =>
    `  - { id: m${index}, provider: openai, model: bench-${index}, params: ${index + 1}b, baseUrl: "${options.baseUrl}" }`);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, ['models:', ...models, `tasks: [${name}.jsonl]`, `concurrency: ${options.concurrency}`, `store: ${name}.db`, ''].join('\n'));
  return file;
}

/** The texts scalegap echoes to score an item's options: the prompt followed by each option. */
export function echoTexts(item: BenchItem): string[] {
  const { prompt, options } = optionScoringPrompt({ kind: 'choice', ...item });
  return options.map((option) => prompt + option);
}
