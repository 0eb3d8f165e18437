// Per-token log-probabilities of continuations from node-llama-cpp (flash attention off, F32 KV cache,
// build 'never', no GPU), for comparing a lab export with PyTorch.
//   node lab/check/llama-token-logprobs.mjs MODEL.gguf REQUESTS.json > OUT.json
// REQUESTS.json: [{ "prompt": [token ids], "continuation": [token ids] }, ...]
// OUT: [[logprob of each continuation token], ...]
import { readFileSync } from 'node:fs';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const [modelPath, requestsPath] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(requestsPath, 'utf8'));
const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const context = await model.createContext({
  contextSize: 128, sequences: 1, flashAttention: false, threads: 1,
  experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32',
});
const sequence = context.getSequence();
const results = [];
for (const { prompt, continuation } of requests) {
  await sequence.clearHistory();
  const tokens = [...prompt, ...continuation];
  const input = tokens.map((token, index) =>
    index >= prompt.length - 1 && index < tokens.length - 1 ? [token, { generateNext: { probabilities: true } }] : token);
  const output = await sequence.controlledEvaluate(input);
  const logprobs = [];
  for (let index = prompt.length - 1; index < tokens.length - 1; index += 1) {
    const probabilities = output[index]?.next?.probabilities;
    if (!probabilities) throw new Error(`no probabilities at position ${index}`);
    logprobs.push(Math.log(probabilities.get(tokens[index + 1]) ?? 0));
  }
  results.push(logprobs);
}
process.stdout.write(JSON.stringify(results));
await context.dispose();
await model.dispose();
await llama.dispose();
