import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMeasurements } from './read-measurements.js';

const options = { accuracyMetric: 'acc' as const };

function file(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'scalegap-read-')), name);
  writeFileSync(path, content);
  return path;
}

/** An lm-evaluation-harness results file in the current layout (`acc,none`), as lm_eval writes results_*.json. */
function lmEval(results: Record<string, unknown>, config: Record<string, unknown> = {}): string {
  return JSON.stringify({ results, config: { model: 'hf', model_args: 'pretrained=EleutherAI/pythia-160m', ...config } });
}

describe('readMeasurements: the readers agree and leave nothing silently out', () => {
  it('an empty cell in a column the other models of the task fill is an error naming its line', () => {
    const csv = file('m.csv', 'task,model,params,accuracy,loss\nt,a,1e8,0.3,2.1\nt,b,1e9,,1.9\nt,c,1e10,0.5,1.7\n');
    expect(() => readMeasurements([csv], options)).toThrow(expect.objectContaining({
      location: expect.objectContaining({ file: csv, line: 3, field: 'accuracy' }),
      message: expect.stringMatching(/accuracy is empty for model "b" of task "t" while 2 other model\(s\) of the task have it/),
    }));
    // a column empty for every model of a task is fine
    const fine = file('m.csv', 'task,model,params,accuracy,loss\nt,a,1e8,0.3,\nt,b,1e9,0.4,\nu,a,1e8,0.2,1.5\nu,b,1e9,0.3,1.4\n');
    expect(readMeasurements([fine], options).measurements).toHaveLength(4);
  });

  it('a negative loss is an error, in tables and as an lm-eval perplexity below 1', () => {
    const csv = file('m.csv', 'task,model,params,loss\nt,a,1e8,-0.5\nt,b,1e9,1\n');
    expect(() => readMeasurements([csv], options)).toThrow(/-0\.5 is outside \[0, Infinity\]; a loss .* is never negative/);
    const json = file('r.json', lmEval({ wikitext: { 'word_perplexity,none': 3, 'ppl,none': 0.5 } }));
    expect(() => readMeasurements([json], options)).toThrow(/perplexity 0\.5 is below 1/);
  });

  it('empty lm-eval results are an error, as are results with no usable metric', () => {
    expect(() => readMeasurements([file('r.json', lmEval({}))], options)).toThrow(/"results" is empty/);
    expect(() => readMeasurements([file('r.json', lmEval({ task: { 'exact_match,none': 0.2 } }))], options)).toThrow(/no task reports acc or a perplexity \(task\)/);
  });

  it('uses lm-eval config.model_num_parameters for the size when present, the name otherwise', () => {
    // an exact count as HFLM.get_model_info records it (lm_eval/models/huggingface.py, EleutherAI/lm-evaluation-harness@4c062d44)
    const exact = readMeasurements([file('r.json', lmEval({ arc_easy: { 'acc,none': 0.4 } }, { model_num_parameters: 162322944 }))], options);
    expect(exact.measurements[0]!.params).toBe(162322944);
    const unknown = readMeasurements([file('r.json', lmEval({ arc_easy: { 'acc,none': 0.4 } }, { model_num_parameters: -1 }))], options);
    expect(unknown.measurements[0]!.params).toBe(160e6);
  });

  it('a BOM is read and non-UTF-8 refused, as task files do', () => {
    const text = 'task,model,params,accuracy\nt,a,1e8,0.3\n';
    const bom = file('m.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(readMeasurements([bom], options).measurements[0]).toMatchObject({ task: 't', model: 'a' });
    const latin1 = file('m.csv', Buffer.from('task,model,params,accuracy\ncafé,a,1e8,0.3\n', 'latin1'));
    expect(() => readMeasurements([latin1], options)).toThrow(/not valid UTF-8/);
  });
});
