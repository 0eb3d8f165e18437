import type { AnalysisResult } from '../../analysis/analyze.js';
import type { StoreDatabase } from '../../store/open-store.js';
import { readItemResults } from '../../store/read-item-results.js';
import { ResultsRepository } from '../../store/results-repository.js';
import type { CatalogEntry, ReportCatalog } from './report-catalog.js';

/**
 * The runs of a results store as a report catalog: every run, newest first, each analysed (once,
 * on first view) by `analyzeRun` — the same analysis `scalegap report` prints.
 */
export function storeCatalog(db: StoreDatabase, file: string, analyzeRun: (stored: ReturnType<typeof readItemResults>, repository: ResultsRepository) => AnalysisResult): ReportCatalog {
  const repository = new ResultsRepository(db);
  const analyses = new Map<number, AnalysisResult>();
  return {
    list: (): CatalogEntry[] => {
      const runs = db.prepare('SELECT id, created_at, status, config_file FROM runs ORDER BY id DESC').all() as Array<{ id: number; created_at: string; status: string; config_file: string }>;
      return runs.map((run) => {
        const models = repository.getModels(run.id).map((model) => model.modelId);
        return { id: String(run.id), label: `run ${run.id}: ${run.config_file}${models.length > 0 ? ` (${models.join(', ')})` : ''}`, startedAt: run.created_at, status: run.status };
      });
    },
    analysis: (id) => {
      if (!/^[1-9][0-9]*$/.test(id)) return null;
      const runId = Number(id);
      const run = repository.getRun(runId);
      if (!run) return null;
      let result = analyses.get(runId);
      if (!result) {
        result = analyzeRun(readItemResults(repository, runId), repository);
        // A run still in progress is analysed afresh on every view.
        if (run.status !== 'running') analyses.set(runId, result);
      }
      return { result, meta: { title: `scalegap report: run ${runId}`, runId: id, sources: [`${file}, run ${runId} (${run.status}, started ${run.createdAt})`, `config ${run.configFile}`] } };
    },
    close: () => db.close(),
  };
}
