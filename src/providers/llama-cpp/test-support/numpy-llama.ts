import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What fixtures/llama_forward.py answers (an independent float64 numpy forward pass of a GGUF file). */
export interface NumpyLlamaAnswer {
  score: Array<{ options: Array<{ tokenLogprobs: number[]; logprob: number }> }>;
  generate: Array<{ tokens: number[]; text: string; logprobs: number[]; top: Array<Array<[number, number]>> }>;
}

export interface NumpyLlamaRequest {
  gguf: string;
  score?: Array<{ prompt: string; options: string[] }>;
  generate?: Array<{ prompt: string; maxTokens: number; topK?: number }>;
}

const SCRIPT = fileURLToPath(new URL('../fixtures/llama_forward.py', import.meta.url));

/** Runs the numpy reference on a request (python3 + numpy must be installed). */
export function runNumpyLlama(request: NumpyLlamaRequest): Promise<NumpyLlamaAnswer> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', [SCRIPT], { maxBuffer: 64 << 20, env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`llama_forward.py failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as NumpyLlamaAnswer);
    });
    child.stdin?.end(JSON.stringify(request));
  });
}
