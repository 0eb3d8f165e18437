import { describe, expect, it } from 'vitest';
import { createOpenAiProvider } from '../openai/openai-provider.js';
import { createDeterministicBackend } from './deterministic-backend.js';
import { startTestServerProcess } from './test-server-process.js';

describe('startTestServerProcess', () => {
  it('serves from a child process, reports stats and faults over IPC, and exits on close', async () => {
    const server = await startTestServerProcess({ backend: { kind: 'deterministic', seed: 9 }, apiKey: 'k' });
    let exited = false;
    try {
      expect(server.pid).not.toBe(process.pid);
      const provider = createOpenAiProvider({ baseURL: server.baseURL, apiKey: 'k', model: 'tiny' });
      const prompt = 'Q: 1+1=';
      const result = await provider.scoreOptions!({ prompt, options: [' 2'] });
      // The same seed in this process gives the same model: the child really runs the backend asked for.
      const local = await createDeterministicBackend({ seed: 9 }).scoreText(`${prompt} 2`);
      const expected = local.slice(prompt.length).reduce((sum, token) => sum + (token.logprob as number), 0);
      expect(Math.abs((result.optionLogprobs[0] as number) - expected)).toBeLessThanOrEqual(1e-9);
      await server.setFaults({ next: ['server-error'] });
      await expect(provider.scoreOptions!({ prompt, options: [' 2'] })).rejects.toMatchObject({ status: 500 });
      expect(await server.stats()).toMatchObject({ requests: 2, answered: 1, faults: { 'server-error': 1 } });
    } finally {
      await server.close();
      exited = (() => {
        try {
          process.kill(server.pid, 0);
          return false;
        } catch {
          return true;
        }
      })();
    }
    expect(exited).toBe(true);
  });
});
