import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostedLlamaCppProvider } from './hosted-llama-cpp-provider.js';
import { createLlamaCppProvider } from './llama-cpp-provider.js';
import { hostProcessIds } from './llama-host-pool.js';
import { writeTinyLlamaGguf } from './tiny-llama.js';

const dir = mkdtempSync(join(tmpdir(), 'scalegap-llama-host-'));
const models = [join(dir, 'a.gguf'), join(dir, 'b.gguf'), join(dir, 'c.gguf')];
beforeAll(async () => {
  for (const [index, path] of models.entries()) await writeTinyLlamaGguf(path, { seed: 20 + index });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ITEMS = [
  { prompt: 'Question: 2 4 6?\nAnswer:', options: [' 8', ' 7', ' 10'] },
  { prompt: 'Question: capital of Zorbia?\nAnswer:', options: [' Quell', ' Marn'] },
];

describe('llama-cpp models in host processes', () => {
  it('give the in-process provider’s results, three models sharing two processes that end when the models close', async () => {
    const hosted = models.map((modelPath) => createHostedLlamaCppProvider({ modelPath, threads: 1 }, 2));
    await Promise.all(hosted.map((provider) => provider.probe()));
    expect(hostProcessIds()).toHaveLength(2);
    for (const [index, modelPath] of models.entries()) {
      const inline = createLlamaCppProvider({ modelPath, threads: 1 });
      for (const item of ITEMS) {
        const [remote, local] = [await hosted[index]!.scoreOptions(item), await inline.scoreOptions(item)];
        expect(remote.optionLogprobs).toEqual(local.optionLogprobs);
        expect(remote.optionTokenLogprobs).toEqual(local.optionTokenLogprobs);
      }
      const request = { prompt: 'Hi', maxTokens: 4, temperature: 0, topLogprobs: 2 };
      expect(await hosted[index]!.generate(request)).toEqual(await inline.generate(request));
      await inline.close();
    }
    await Promise.all(hosted.map((provider) => provider.close()));
    expect(hostProcessIds()).toEqual([]);
  });

  it('reports a bad request and a missing file as non-retryable errors, and answers an abort at once', async () => {
    const provider = createHostedLlamaCppProvider({ modelPath: models[0]!, threads: 1 }, 2);
    try {
      await expect(provider.scoreOptions({ prompt: 'Q', options: ['a', ''] })).rejects.toMatchObject({ name: 'ProviderCallError', isRetryable: false, message: /option 1 adds no token/ });
      const aborted = new AbortController();
      const call = provider.scoreOptions({ ...ITEMS[0]!, signal: aborted.signal });
      aborted.abort(new Error('stop now'));
      await expect(call).rejects.toThrow('stop now');
      expect((await provider.scoreOptions(ITEMS[0]!)).optionLogprobs).toHaveLength(3);
    } finally {
      await provider.close();
    }
    const missing = createHostedLlamaCppProvider({ modelPath: join(dir, 'missing.gguf'), threads: 1 }, 2);
    await expect(missing.probe()).rejects.toMatchObject({ isRetryable: false, message: /GGUF model file not found: .*missing\.gguf/ });
    await missing.close();
    expect(hostProcessIds()).toEqual([]);
  });

  it('fails the calls in flight when its host process dies', async () => {
    const provider = createHostedLlamaCppProvider({ modelPath: models[1]!, threads: 1 }, 1);
    await provider.probe();
    const [pid] = hostProcessIds();
    const call = provider.scoreOptions(ITEMS[1]!);
    process.kill(pid!, 'SIGKILL');
    await expect(call).rejects.toMatchObject({ name: 'ProviderCallError', message: /llama-cpp host process exited \(SIGKILL\)/ });
    await expect(provider.scoreOptions(ITEMS[1]!)).rejects.toThrow(/host process is gone/);
    await provider.close();
    expect(hostProcessIds()).toEqual([]);
  });
});
