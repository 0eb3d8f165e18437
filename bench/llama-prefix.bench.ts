import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLlamaCppProvider } from '../src/providers/llama-cpp/llama-cpp-provider.js';
import { writeTinyLlamaGguf, type TinyLlamaOptions } from '../src/providers/llama-cpp/tiny-llama.js';

/**
 * Local GGUF scoring of 4-option items: tokens evaluated per item with the shared prompt prefix evaluated once,
 * next to the naive count (prompt + option, once per option), and items/s both ways (the naive way = one request
 * per option). Two tiny random models written on the fly; 1 thread.
 */
const ITEM_COUNT = 40;

function makeItems(): Array<{ prompt: string; options: string[] }> {
  const items = [];
  for (let index = 0; index < ITEM_COUNT; index += 1) {
    const shots = [1, 2, 3].map((shot) => `seq ${shot} ${shot * 2} ${shot * 3} -> ${shot * 4}`).join('\n');
    const start = 2 + (index % 7);
    items.push({
      prompt: `Continue the sequence.\n${shots}\nseq ${start} ${start * 2} ${start * 3} ->`,
      options: [` ${start * 4}`, ` ${start * 4 + 1}`, ` ${start * 5}`, ` ${start * 3 + 2}`],
    });
  }
  return items;
}

async function measure(label: string, modelOptions: TinyLlamaOptions, dir: string): Promise<void> {
  const modelPath = join(dir, `${label}.gguf`);
  await writeTinyLlamaGguf(modelPath, modelOptions);
  const provider = createLlamaCppProvider({ modelPath, threads: 1 });
  const items = makeItems();
  try {
    await provider.probe();
    await provider.scoreOptions(items[0] ?? { prompt: 'warm', options: ['up'] });
    let evaluated = 0;
    let naive = 0;
    let started = performance.now();
    for (const item of items) {
      const result = await provider.scoreOptions(item);
      evaluated += result.tokensEvaluated;
      naive += result.naiveTokens;
    }
    const sharedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    for (const item of items) {
      for (const option of item.options) await provider.scoreOptions({ prompt: item.prompt, options: [option] });
    }
    const naiveSeconds = (performance.now() - started) / 1000;
    const perItem = evaluated / items.length;
    const naivePerItem = naive / items.length;
    console.log(
      `llama-prefix ${label}: tokens evaluated per 4-option item ${perItem.toFixed(1)} vs naive prompt × options ${naivePerItem.toFixed(1)} ` +
        `(${(naivePerItem / perItem).toFixed(2)}× fewer); ${(items.length / sharedSeconds).toFixed(1)} items/s shared vs ` +
        `${(items.length / naiveSeconds).toFixed(1)} items/s one request per option, the KV cache keeping the prompt between them (${(naiveSeconds / sharedSeconds).toFixed(2)}× faster)`,
    );
  } finally {
    await provider.close();
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scalegap-bench-llama-'));
  try {
    await measure('d32-l2', { seed: 1 }, dir);
    await measure('d96-l3', { seed: 2, embeddingLength: 96, blockCount: 3, headCount: 4, feedForwardLength: 224 }, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
