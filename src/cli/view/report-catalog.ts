import type { AnalysisResult } from '../../analysis/analyze.js';
import type { ReportMeta } from '../../report/html/report-meta.js';

/** One stored run as the viewer lists it. */
export interface CatalogEntry {
  id: string;
  /** What the index shows (e.g. the config name and the models). */
  label: string;
  /** ISO time the run started, when known. */
  startedAt?: string;
  /** Free-form status ("complete", "3 errors", …). */
  status?: string;
}

/** Where the viewer gets its reports from (the results store, or anything else). */
export interface ReportCatalog {
  list(): CatalogEntry[];
  /** The analysis of one run, or null when there is no such run. */
  analysis(id: string): { result: AnalysisResult; meta: ReportMeta } | null;
  close?(): void;
}
