import { pathToFileURL } from 'node:url';
import { createOpenAiProvider } from '../src/providers/openai/openai-provider.js';
import { startTestServerProcess } from '../src/providers/test-server/test-server-process.js';

/**
 * The OpenAI provider against the local test server (deterministic backend, in its own process),
 * 32 requests in flight: with a fixed 50 ms latency the ceiling is 32 / 0.05 s = 640 requests/s;
 * also without latency. CPU per request is the client's alone (provider + transport), server excluded.
 */
const CONCURRENCY = 32;
const ITEM = { prompt: 'Question: which is the capital of Zorbia?\nAnswer:', options: [' Quell', ' Marn', ' Tibbet', ' Oss'] };

async function measure(label: string, latencyMs: number, requests: number, call: (provider: ReturnType<typeof createOpenAiProvider>) => Promise<unknown>): Promise<void> {
  const server = await startTestServerProcess({ latencyMs });
  const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'bench' });
  try {
    // Warm up (JIT, connections) before measuring.
    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: CONCURRENCY }, () => call(provider)));
    let remaining = requests;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining--;
          await call(provider);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const rate = requests / seconds;
    const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / requests;
    const ceiling = latencyMs > 0 ? (CONCURRENCY * 1000) / latencyMs : undefined;
    console.log(
      `${label.padEnd(38)} ${rate.toFixed(0).padStart(6)} req/s` +
        (ceiling !== undefined ? `  ${((100 * rate) / ceiling).toFixed(1)}% of the ${ceiling.toFixed(0)} req/s ceiling` : '') +
        `  client CPU ${cpuMsPerRequest.toFixed(3)} ms/request`,
    );
  } finally {
    await server.close();
  }
}

export async function run(): Promise<void> {
  const score = (provider: ReturnType<typeof createOpenAiProvider>): Promise<unknown> => provider.scoreOptions!(ITEM);
  const letter = (provider: ReturnType<typeof createOpenAiProvider>): Promise<unknown> =>
    provider.generate({ prompt: ITEM.prompt, maxTokens: 1, temperature: 0, topLogprobs: 5 });
  await measure('score 4 options (echo), 50 ms latency', 50, 1600, score);
  await measure('letter top-5 (chat), 50 ms latency', 50, 1600, letter);
  await measure('score 4 options (echo), no latency', 0, 1600, score);
  await measure('letter top-5 (chat), no latency', 0, 1600, letter);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
