import { createLlamaCppProvider } from '../llama-cpp/llama-cpp-provider.js';
import { createDeterministicBackend } from './deterministic-backend.js';
import { createLlamaBackend } from './llama-backend.js';
import { startTestServer, type TestServer } from './start-test-server.js';
import type { ProcessCommand, TestServerProcessOptions } from './test-server-process.js';

/** The child side of `startTestServerProcess`: starts the server and answers commands over IPC. */
let server: TestServer | undefined;
const send = (message: unknown): void => {
  process.send?.(message);
};

process.on('message', (command: ProcessCommand) => {
  void (async () => {
    try {
      switch (command.op) {
        case 'start': {
          const { backend: spec, ...rest } = command.options as TestServerProcessOptions;
          const backend =
            spec?.kind === 'llama'
              ? createLlamaBackend({ provider: createLlamaCppProvider({ modelPath: spec.modelPath, threads: spec.threads ?? 1 }) })
              : createDeterministicBackend({ ...(spec?.seed !== undefined ? { seed: spec.seed } : {}), ...(spec?.tokenizer ? { tokenizer: spec.tokenizer } : {}) });
          server = await startTestServer({ ...rest, backend });
          return send({ id: command.id, result: { url: server.url, baseURL: server.baseURL } });
        }
        case 'stats':
          return send({ id: command.id, result: server?.stats });
        case 'setFaults':
          server?.setFaults(command.plan);
          return send({ id: command.id, result: null });
        case 'setLatencyMs':
          server?.setLatencyMs(command.latencyMs);
          return send({ id: command.id, result: null });
        case 'resetStats':
          server?.resetStats();
          return send({ id: command.id, result: null });
        case 'close':
          await server?.close();
          send({ id: command.id, result: null });
          process.disconnect?.();
          return;
      }
    } catch (error) {
      send({ id: command.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on('disconnect', () => {
  void server?.close().finally(() => process.exit(0));
});
