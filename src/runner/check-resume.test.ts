import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { readItemResults } from '../store/read-item-results.js';
import { ResultsRepository } from '../store/results-repository.js';
import type { RunEvent } from './events.js';
import { loadConfig } from './load-config.js';
import { runHarness, type HarnessOptions } from './run-harness.js';
import { ScriptedProvider } from './test-support/scripted-provider.js';
import { choiceTaskLines, writeRunFixture } from './test-support/write-run-fixture.js';

/** A fixture whose config and task file can be edited between runs; `harness()` re-reads both. */
function editableRun(items = 6) {
  const fixture = writeRunFixture({ items });
  const repository = new ResultsRepository(openStore(join(fixture.dir, 'scalegap.db')));
  const prompts: string[] = [];
  const events: RunEvent[] = [];
  const harness = (configFile = fixture.config): HarnessOptions => ({
    config: loadConfig(configFile), repository, onEvent: (event) => events.push(event),
    createProvider: (model) => {
      const provider = new ScriptedProvider(model.id);
      const score = provider.scoreOptions.bind(provider);
      provider.scoreOptions = (request) => { prompts.push(`${model.id}|${request.prompt}`); return score(request); };
      return provider;
    },
  });
  const editConfig = (from: string, to: string): void => writeFileSync(fixture.config, readFileSync(fixture.config, 'utf8').replace(from, to));
  const writeTask = (lines: string[]): void => writeFileSync(join(fixture.dir, 'task.jsonl'), `${lines.join('\n')}\n`);
  return { fixture, repository, prompts, events, harness, editConfig, writeTask };
}

describe('--resume checks what it resumes', () => {
  it('refuses, naming the model and both served models, when a model id now points at another model', async () => {
    const run = editableRun();
    await runHarness(run.harness());
    run.editConfig('model: m-small', 'model: m-other');
    await expect(runHarness({ ...run.harness(), resume: true })).rejects.toThrow(
      /cannot resume run 1: model "small" changed \(served model m-small → m-other\)/);
    await expect(runHarness({ ...run.harness(), resume: true })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('refuses when the request settings of a model changed (any measured field of its config)', async () => {
    const run = editableRun();
    // request settings as a config may carry them (e.g. per-model sampling settings): measured fields beyond identity
    const withSettings = (value: number): HarnessOptions => {
      const options = run.harness();
      options.config.models[0] = { ...options.config.models[0]!, ...({ request: { temperature: value } } as object) };
      return options;
    };
    await runHarness(withSettings(0));
    await expect(runHarness({ ...withSettings(0), resume: true })).resolves.toMatchObject({ status: 'completed', requestsSent: 0 });
    await expect(runHarness({ ...withSettings(0.7), resume: true })).rejects.toThrow(
      'model "small" changed (request settings {"request":{"temperature":0}} → {"request":{"temperature":0.7}})');
  });

  it('refuses when the base URL or confidence changed, and when samples changed for consistency', async () => {
    const run = editableRun();
    await runHarness(run.harness());
    run.editConfig('baseUrl: "http://127.0.0.1:9/v1" }\n  - { id: large', 'baseUrl: "http://127.0.0.1:10/v1" }\n  - { id: large');
    await expect(runHarness({ ...run.harness(), resume: true })).rejects.toThrow(/model "small" changed \(base URL http:\/\/127.0.0.1:9\/v1 → http:\/\/127.0.0.1:10\/v1\)/);
    run.editConfig('127.0.0.1:10', '127.0.0.1:9');
    writeFileSync(run.fixture.config, `${readFileSync(run.fixture.config, 'utf8')}confidence: verbalized\n`);
    await expect(runHarness({ ...run.harness(), resume: true })).rejects.toThrow(/confidence changed from auto to verbalized/);

    const consistency = editableRun(2);
    writeFileSync(consistency.fixture.config, `${readFileSync(consistency.fixture.config, 'utf8')}confidence: consistency\nsamples: 3\n`);
    await runHarness(consistency.harness());
    consistency.editConfig('samples: 3', 'samples: 4');
    await expect(runHarness({ ...consistency.harness(), resume: true })).rejects.toThrow(/samples changed from 3 to 4/);
  });

  it('measures an edited item again (question or answer) and keeps every other result', async () => {
    const run = editableRun();
    const first = await runHarness(run.harness());
    const lines = choiceTaskLines(6);
    lines[1] = lines[1]!.replace('What is item 1?', 'What is item one?'); // question edited: new prompt
    lines[2] = lines[2]!.replace('"answer":2', '"answer":0'); // answer edited: same prompt, rescored
    run.writeTask(lines);
    run.prompts.length = 0;
    const second = await runHarness({ ...run.harness(), resume: true });
    expect(second).toMatchObject({ runId: first.runId, status: 'completed', remaining: 0 });
    expect(run.events.some((event) => event.type === 'run-start' && event.remeasured === 2)).toBe(true);
    // q1 is sent again for both models; q2's prompt is unchanged, so its cached answer is scored against the new gold
    expect(run.prompts.map((prompt) => prompt.split('|')[0]).sort()).toEqual(['large', 'small']);
    expect(run.prompts.every((prompt) => prompt.includes('What is item one?'))).toBe(true);
    expect(second.cached).toBe(2);
    const items = readItemResults(run.repository, first.runId).items;
    expect(items).toHaveLength(12);
    const q2 = items.filter((item) => item.item === 'q2');
    // the scripted provider always prefers option A (index 0): wrong against gold 2, right against the new gold 0
    expect(q2.map((item) => item.correct)).toEqual([true, true]);
  });

  it('drops the results of items removed from the task file, so the report counts only current items', async () => {
    const run = editableRun();
    const first = await runHarness(run.harness());
    run.writeTask(choiceTaskLines(6).slice(0, 4));
    const second = await runHarness({ ...run.harness(), resume: true });
    expect(second).toMatchObject({ status: 'completed', requestsSent: 0 });
    expect(run.events.some((event) => event.type === 'run-start' && event.dropped === 2)).toBe(true);
    const stored = readItemResults(run.repository, first.runId);
    expect(new Set(stored.items.map((item) => item.item))).toEqual(new Set(['q0', 'q1', 'q2', 'q3']));
    expect(run.repository.readResults(first.runId)).toHaveLength(8);
  });

  it('a different config sharing the store does not continue its run; --run picks one explicitly', async () => {
    const run = editableRun();
    await runHarness(run.harness());
    const other = join(run.fixture.dir, 'other.yaml');
    writeFileSync(other, readFileSync(run.fixture.config, 'utf8'));
    await expect(runHarness({ ...run.harness(other), resume: true })).rejects.toThrow(
      /no run in .* was made with .*other\.yaml \(the latest, run 1, was made with .*scalegap\.yaml\); pass --run 1/);
    const explicit = await runHarness({ ...run.harness(other), runId: 1 });
    expect(explicit).toMatchObject({ runId: 1, status: 'completed', requestsSent: 0 });
    await expect(runHarness({ ...run.harness(), runId: 7 })).rejects.toThrow(/there is no run 7 in/);
  });
});
