import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeProviderConformance } from '../conformance.js';
import { createLlamaCppProvider } from '../llama-cpp/llama-cpp-provider.js';
import { writeTinyLlamaGguf } from '../llama-cpp/tiny-llama.js';
import { createLlamaBackend } from '../test-server/llama-backend.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';

const dir = mkdtempSync(join(tmpdir(), 'scalegap-openai-conformance-'));
const servers: Record<'full' | 'noEcho' | 'noLogprobs', TestServer | undefined> = { full: undefined, noEcho: undefined, noLogprobs: undefined };
beforeAll(async () => {
  const modelPath = join(dir, 'tiny.gguf');
  await writeTinyLlamaGguf(modelPath, { seed: 21 });
  servers.full = await startTestServer({ backend: createLlamaBackend({ provider: createLlamaCppProvider({ modelPath, threads: 1 }) }), apiKey: 'sk-conformance' });
  servers.noEcho = await startTestServer({ support: { echo: 'refused' }, apiKey: 'sk-conformance' });
  servers.noLogprobs = await startTestServer({ support: { logprobs: 'ignored' }, apiKey: 'sk-conformance' });
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server?.close()));
  rmSync(dir, { recursive: true, force: true });
});

const against = (name: keyof typeof servers) => () =>
  createOpenAiProvider({ baseURL: (servers[name] as TestServer).baseURL, apiKey: 'sk-conformance', model: 'tiny' });

describeProviderConformance('openai (test server on a real tiny GGUF model)', against('full'), {
  capabilities: { optionScoring: true, tokenLogprobs: true, generation: true },
});
describeProviderConformance('openai (server refuses echo)', against('noEcho'), {
  capabilities: { optionScoring: false, tokenLogprobs: true, generation: true },
});
describeProviderConformance('openai (server ignores logprobs)', against('noLogprobs'), {
  capabilities: { optionScoring: false, tokenLogprobs: false, generation: true },
});
