import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from './config-schema.js';

const DOCS = ['providers.md', 'run.md', 'brittleness.md'].map((name) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url)));

/** The ```yaml blocks of a Markdown file that hold a `models:` list. */
function modelBlocks(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] as string).filter((block) => /^models:/m.test(block));
}

describe('the scalegap.yaml lines in the docs', () => {
  it.each(DOCS)('%s: every models block is valid under the config schema', (file) => {
    const blocks = modelBlocks(file);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const config = { tasks: ['task.jsonl'], ...(parse(block) as Record<string, unknown>) };
      const parsed = configSchema.safeParse(config);
      expect(parsed.success ? [] : parsed.error.issues, block).toEqual([]);
    }
  });
});
