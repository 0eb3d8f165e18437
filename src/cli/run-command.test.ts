import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCli } from '../test-support/run-cli.js';

const GOOD = '  - { id: a, provider: openai, model: m, params: 1b, baseUrl: "http://127.0.0.1:9/v1" }';

function badConfig(models: string, extra = '', taskLines?: string[]) {
  const fixture = writeRunFixture({ models, extra, taskLines });
  const before = readdirSync(fixture.dir).sort();
  const result = runCli(['run', '-c', fixture.config], { cwd: fixture.dir });
  expect(readdirSync(fixture.dir).sort()).toEqual(before);
  expect(result.stdout).toBe('');
  return { ...result, config: fixture.config };
}

describe('scalegap run with a bad config (built CLI)', () => {
  it('exits 2 naming file, line, path and field, and writes nothing', () => {
    const cases: Array<[ReturnType<typeof badConfig>, RegExp]> = [
      [badConfig('  - { id: a, provider: gemini, model: m, params: 1b }'), /scalegap\.yaml, line 2, models\[0\]\.provider, field "provider": /],
      [badConfig('  - { id: a, provider: openai, params: 1b }'), /line 2, models\[0\]\.model, field "model"/],
      [badConfig(GOOD, '  - missing.jsonl\n'), /line 5, tasks\[1\], field "tasks": task file .*missing\.jsonl does not exist/],
      [badConfig(GOOD, '', ['{"id": "a", "question": "q", "choices": ["x", "y"], "answer": 0}', '{"id": "b", "question": "q", "answer": 0}']), /task\.jsonl, line 2, field "choices"/],
      [badConfig(`${GOOD}\n  - { id: a, provider: openai, model: n, params: 2b }`), /line 3, models\[1\]\.id, field "id": duplicate model id "a"/],
      [badConfig('  - { id: a, provider: openai, model: m }'), /line 2, models\[0\]\.params, field "params"/],
    ];
    for (const [result, message] of cases) {
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      const namedFile = message.source.includes('task\\.jsonl') ? result.config.replace('scalegap.yaml', 'task.jsonl') : result.config;
      expect(result.stderr).toContain(`scalegap: ${namedFile}, line `);
    }
  });

  it('--dry-run prints the plan and cost estimate and writes nothing', () => {
    const fixture = writeRunFixture({
      items: 7,
      models: `${GOOD.replace('params: 1b', 'params: 1b, price: { inputPerMTok: 2, outputPerMTok: 10 }')}\n  - { id: b, provider: anthropic, model: c, params: 7b }`,
    });
    const before = readdirSync(fixture.dir).sort();
    const result = runCli(['run', '-c', fixture.config, '--dry-run', '--limit', '5'], { cwd: fixture.dir });
    expect(result.status).toBe(0);
    expect(readdirSync(fixture.dir).sort()).toEqual(before);
    expect(result.stdout).toMatch(/a: 5 requests, ~\d+ input \+ ≤120 output tokens, ≤ \$0\.\d{4} \(assuming verbalized\)/);
    expect(result.stdout).toMatch(/b: 5 requests, .* no price in the config/);
    expect(result.stdout).toMatch(/total: 10 requests/);
  });

  it('rejects bad flags with exit 2', () => {
    const fixture = writeRunFixture();
    expect(runCli(['run', '-c', fixture.config, '--limit', '0']).status).toBe(2);
    expect(runCli(['run', '-c', fixture.config, '--cost-limit', 'lots']).status).toBe(2);
    expect(runCli(['run']).status).toBe(2);
    const resume = runCli(['run', '-c', fixture.config, '--resume']);
    expect(resume.status).toBe(2);
    expect(resume.stderr).toMatch(/there is no run to resume/);
    expect(readdirSync(fixture.dir).sort()).toEqual(['scalegap.yaml', 'task.jsonl']);
  });
});
