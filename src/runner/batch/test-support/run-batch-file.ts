import { readFileSync, writeFileSync } from 'node:fs';
import type { BatchInputLine } from '../batch-lines.js';

/** What to do to some lines of a batch, by custom id, like a real batch run's partial failures. */
export interface BatchRunFaults {
  /** Lines answered with this HTTP error instead of being sent (an error file line). */
  errors?: Map<string, number>;
  /** Lines left out of the output (a batch that expired before reaching them). */
  dropped?: Set<string>;
}

/**
 * A stand-in for `vllm run-batch -i IN -o OUT` against a server: sends each input line's body to
 * `origin + url` and writes output lines in the format of vLLM's `BatchRequestOutput`
 * (vllm/entrypoints/openai/run_batch.py at vllm-project/vllm@0056ae7b2144abbc7b4916a43491c154567e0b76:
 * `{id, custom_id, response: {status_code, request_id, body}, error}`; a failed request has
 * `body: null` and the error response in `error`), in reversed order (OpenAI's output files are
 * not in input order either).
 */
export async function runBatchFile(input: string, output: string, origin: string, headers: Record<string, string>, faults: BatchRunFaults = {}): Promise<number> {
  const lines = readFileSync(input, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as BatchInputLine);
  const outputs: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (faults.dropped?.has(line.custom_id)) continue;
    const base = { id: `vllm-${index}`, custom_id: line.custom_id };
    const status = faults.errors?.get(line.custom_id);
    if (status !== undefined) {
      outputs.push({ ...base, response: { status_code: status, request_id: `vllm-batch-${index}`, body: null }, error: { error: { message: 'injected batch failure', type: 'InternalServerError', code: status } } });
      continue;
    }
    const response = await fetch(`${origin}${line.url}`, { method: line.method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(line.body) });
    const body = (await response.json()) as unknown;
    outputs.push(response.ok
      ? { ...base, response: { status_code: response.status, request_id: `vllm-batch-${index}`, body }, error: null }
      : { ...base, response: { status_code: response.status, request_id: `vllm-batch-${index}`, body: null }, error: body });
  }
  writeFileSync(output, outputs.reverse().map((line) => `${JSON.stringify(line)}\n`).join(''));
  return outputs.length;
}
