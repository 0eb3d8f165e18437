import { afterAll, beforeAll } from 'vitest';
import { describeProviderConformance } from '../conformance.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createAnthropicProvider } from './anthropic-provider.js';

let server: TestServer | undefined;
beforeAll(async () => {
  server = await startTestServer({ apiKey: 'sk-ant-conformance' });
});
afterAll(async () => server?.close());

describeProviderConformance('anthropic (test server)', () => createAnthropicProvider({ baseURL: (server as TestServer).baseURL, apiKey: 'sk-ant-conformance', model: 'claude-tiny' }), {
  capabilities: { optionScoring: false, tokenLogprobs: false, generation: true },
});
