import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../runner/events.js';
import { summarizeErrors } from '../runner/summarize-errors.js';
import { emptyResultRow } from '../store/result-row.js';
import { createRunReporter, describeErrors } from './run-reporter.js';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const summary: RunSummary = { runId: 4, status: 'stopped', stopReason: 'cost limit of $1 reached', scored: 7, errors: 1, cached: 2, remaining: 12, spentUsd: 1.02, requestsSent: 9, elapsedMs: 2500 };

describe('createRunReporter (plain lines, not a TTY)', () => {
  it('prints the probe, periodic progress with errors and spend, and the end of the run', async () => {
    const { stream, text } = capture();
    const reporter = createRunReporter(stream, { tty: false, intervalMs: 20 });
    reporter.onEvent({ type: 'run-start', runId: 4, resumed: true, models: 2, items: 10, alreadyDone: 3 });
    reporter.onEvent({
      type: 'probe', modelId: 'big', method: 'letter-logprobs', fromStore: false,
      probe: {
        capabilities: { optionScoring: false, tokenLogprobs: true, generation: null },
        reasons: { optionScoring: 'HTTP 500 Internal Server Error: Only no echo is supported' },
        evidence: {}, requestSettings: {},
      },
    });
    reporter.onEvent({ type: 'planned', total: 20, todo: 17 });
    reporter.onEvent({ type: 'result', modelId: 'big', task: 't', itemId: 'q1', sample: 0, status: 'error', correct: null, cached: false, costUsd: 0.25, errorReason: 'HTTP 500' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    reporter.onEvent({ type: 'run-end', summary });
    reporter.close();
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('resuming run 4: 2 models × 10 items (3 results already stored)');
    expect(lines[1]).toBe('model big: confidence method letter-logprobs');
    expect(lines[2]).toBe('  probe: option scoring no, letter log-probs yes, generation not asked');
    expect(lines[3]).toBe('  no option scoring: HTTP 500 Internal Server Error: Only no echo is supported');
    expect(lines.filter((line) => line.startsWith('progress 1/17 (5%)')).length).toBeGreaterThanOrEqual(2);
    expect(lines.find((line) => line.startsWith('progress'))).toMatch(/, 1 errors, \$0\.2500 spent$/);
    expect(lines.at(-1)).toBe('run 4 stopped (cost limit of $1 reached); continue with --resume: 7 scored, 1 errors, 2 from cache, 9 requests sent, $1.02 spent, 2.5 s, 12 left');
  });
});

describe('describeErrors', () => {
  it('prints one line per model and cause with its count and first message, largest first', () => {
    const rows = [
      ['small', 'HTTP 400: POST http://h/v1/chat/completions: chat template (item 1)'],
      ['small', 'HTTP 400: POST http://h/v1/chat/completions: chat template (item 2)'],
      ['large', 'timed out after 400 ms'],
    ].map(([modelId, errorReason]) => ({ ...emptyResultRow({ modelId: modelId!, task: 't', itemId: 'q', sample: 0 }, 'error'), errorReason: errorReason! }));
    expect(describeErrors(summarizeErrors([...rows, emptyResultRow({ modelId: 'large', task: 't', itemId: 'ok', sample: 0 }, 'ok')]))).toEqual([
      '3 items ended in an error:',
      '  2 × small: HTTP 400: POST http://h/v1/chat/completions: chat template (item 1)',
      '  1 × large: timed out after 400 ms',
    ]);
    expect(describeErrors([])).toEqual([]);
  });
});
