/** Facts about how a report was made, shown in its provenance section. All fields optional. */
export interface ReportMeta {
  /** Report title; default "scalegap report". */
  title?: string;
  /** Input files or data sources, in the order given. */
  sources?: string[];
  /** ISO time the report was written; omitted from the report when absent (deterministic output). */
  generatedAt?: string;
  /** scalegap version. */
  version?: string;
  /** The analysis options in effect (δ, margin, …). */
  options?: Record<string, number | string | boolean>;
  /** Stored run id, when the report comes from the results store. */
  runId?: string;
  /** Free-form provenance lines (e.g. the data set's citation). */
  notes?: string[];
}
