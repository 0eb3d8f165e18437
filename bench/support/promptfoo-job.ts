import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { echoTexts, type BenchItem } from './write-bench-job.js';

/** The `promptfoo` executable on PATH, or undefined (it is not a dependency of scalegap). */
export function findPromptfoo(): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'promptfoo');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** `promptfoo --version`, trimmed ('?' when it does not answer). */
export function promptfooVersion(executable: string): string {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8', env: promptfooEnv(process.env.TMPDIR ?? '/tmp') });
  return result.stdout?.trim().split('\n').pop() ?? '?';
}

/** An environment that keeps promptfoo's database, cache and telemetry out of the user's home. */
export function promptfooEnv(configDir: string): NodeJS.ProcessEnv {
  return { ...process.env, PROMPTFOO_CONFIG_DIR: configDir, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_CACHE_ENABLED: 'false' };
}

/**
 * Writes a promptfoo config (JSON, which YAML reads) for the job scalegap runs on `items`: one HTTP
 * POST per item to `<baseUrl>/completions` with the very body scalegap's OpenAI provider sends (all
 * four options echoed with log-probabilities, `max_tokens: 0`), `concurrency` at a time, no cache,
 * and an assertion that the answer has one choice per option. Returns the config path.
 */
export function writePromptfooJob(dir: string, items: BenchItem[], options: { baseUrl: string; model: string; concurrency: number }): string {
  mkdirSync(join(dir, 'promptfoo-home'), { recursive: true });
  const tests = items.map((item) => ({ vars: Object.fromEntries(echoTexts(item).map((text, index) => [`t${index}`, text])) }));
  const config = {
    description: 'scalegap benchmark: echo-score four options per item',
    prompts: ['{{t0}}'],
    providers: [{
      id: `${options.baseUrl}/completions`,
      config: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { model: options.model, prompt: ['{{t0}}', '{{t1}}', '{{t2}}', '{{t3}}'], echo: true, logprobs: 1, max_tokens: 0, temperature: 0 },
        transformResponse: 'json.choices.length',
      },
    }],
    defaultTest: { assert: [{ type: 'javascript', value: 'Number(output) === 4' }] },
    tests,
    evaluateOptions: { maxConcurrency: options.concurrency, cache: false, showProgressBar: false },
  };
  const file = join(dir, 'promptfooconfig.yaml');
  writeFileSync(file, JSON.stringify(config));
  return file;
}
