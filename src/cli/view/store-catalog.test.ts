import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { openStore } from '../../store/open-store.js';
import { emptyResultRow } from '../../store/result-row.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { RunLease } from '../../store/run-lease.js';
import { writeStore } from '../test-support/write-store.js';
import { RUNNING_REANALYSIS_MS, storeCatalog } from './store-catalog.js';

describe('storeCatalog', () => {
  it('analyses a run in progress again when results or status change, not on every view; a run without writer reads interrupted', () => {
    const file = writeStore();
    const writer = openStore(file);
    const repository = new ResultsRepository(writer);
    const runId = repository.createRun('live.yaml', '{}');
    repository.saveModel(runId, { modelId: 'm', provider: 'openai', model: 'm', params: 1e9, family: null, baseUrl: null, method: null, capabilitiesJson: null });
    const lease = RunLease.acquire(writer, runId);
    let analyses = 0;
    let clockMs = 0;
    const catalog = storeCatalog(openStore(file, { readonly: true }), file, () => ({ tasks: [], run: ++analyses }) as unknown as AnalysisResult, () => clockMs);
    const view = () => catalog.analysis(String(runId))!;
    expect(view().meta.sources?.[0]).toContain('(running,');
    view();
    expect(analyses).toBe(1);
    const result = (itemId: string): void => repository.writeResult(runId, { ...emptyResultRow({ modelId: 'm', task: 't', itemId, sample: 0 }, 'ok'), correct: true, chosen: 0, confidence: 0.5 });
    result('q1');
    view(); // a new result within RUNNING_REANALYSIS_MS of the last analysis: the view does not wait for another
    expect(analyses).toBe(1);
    clockMs += RUNNING_REANALYSIS_MS;
    expect((view().result as unknown as { run: number }).run).toBe(2);
    view();
    expect(analyses).toBe(2);
    lease.release(); // the writer is gone (as after a kill) while the run still reads running in the store
    expect(view().meta.sources?.[0]).toContain('(interrupted,');
    expect(catalog.list().find((entry) => entry.id === String(runId))?.status).toBe('interrupted');
    repository.setRunStatus(runId, 'completed');
    expect(view().meta.sources?.[0]).toContain('(completed,');
    view();
    expect(analyses).toBe(4);
    catalog.close?.();
    writer.close();
  });
});
