import type { AnalysisResult } from '../../analysis/analyze.js';
import type { StoreDatabase } from '../../store/open-store.js';
import { readItemResults } from '../../store/read-item-results.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { currentRunStatus } from '../../store/run-lease.js';
import type { CatalogEntry, ReportCatalog } from './report-catalog.js';

/** How long the analysis of a run in progress is reused while new results arrive. */
export const RUNNING_REANALYSIS_MS = 3000;

/**
 * The runs of a results store as a report catalog: every run, newest first, each analysed by
 * `analyzeRun` — the same analysis `scalegap report` prints — once per state of its data: a run
 * in progress is analysed again when new results or a new status arrived, at most every
 * RUNNING_REANALYSIS_MS while results keep coming (a view never waits for an analysis per result).
 */
export function storeCatalog(
  db: StoreDatabase,
  file: string,
  analyzeRun: (stored: ReturnType<typeof readItemResults>, repository: ResultsRepository) => AnalysisResult,
  nowMs: () => number = Date.now,
): ReportCatalog {
  const repository = new ResultsRepository(db);
  const analyses = new Map<number, { version: string; status: string; atMs: number; result: AnalysisResult }>();
  const countResults = db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(rowid), 0) AS last FROM results WHERE run_id = ?');
  return {
    list: (): CatalogEntry[] => {
      const runs = db.prepare('SELECT id, created_at, status, config_file FROM runs ORDER BY id DESC').all() as Array<{ id: number; created_at: string; status: string; config_file: string }>;
      return runs.map((run) => {
        const models = repository.getModels(run.id).map((model) => model.modelId);
        return { id: String(run.id), label: `run ${run.id}: ${run.config_file}${models.length > 0 ? ` (${models.join(', ')})` : ''}`, startedAt: run.created_at, status: currentRunStatus(db, run.id, run.status) };
      });
    },
    analysis: (id) => {
      if (!/^[1-9][0-9]*$/.test(id)) return null;
      const runId = Number(id);
      const run = repository.getRun(runId);
      if (!run) return null;
      const status = currentRunStatus(db, runId, run.status);
      const { n, last } = countResults.get(runId) as { n: number; last: number };
      const version = `${status}|${run.updatedAt}|${n}|${last}`;
      let cached = analyses.get(runId);
      const fresh = cached !== undefined && (cached.version === version || (status === 'running' && cached.status === 'running' && nowMs() - cached.atMs < RUNNING_REANALYSIS_MS));
      if (!cached || !fresh) {
        cached = { version, status, atMs: nowMs(), result: analyzeRun(readItemResults(repository, runId), repository) };
        analyses.set(runId, cached);
      }
      return { result: cached.result, meta: { title: `scalegap report: run ${runId}`, runId: id, sources: [`${file}, run ${runId} (${status}, started ${run.createdAt})`, `config ${run.configFile}`] } };
    },
    close: () => db.close(),
  };
}
