import { stripUrlCredentials } from '../core/strip-url-credentials.js';
import type { Task } from '../core/task.js';
import type { StoreDatabase } from './open-store.js';
import type { ResultKey, ResultRow } from './result-row.js';

/** A run as stored. */
export interface RunRecord {
  id: number;
  createdAt: string;
  updatedAt: string;
  status: 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';
  configFile: string;
  configJson: string;
}

/** A model of a run as stored. */
export interface ModelRecord {
  modelId: string;
  provider: string;
  model: string;
  params: number;
  family: string | null;
  baseUrl: string | null;
  method: string | null;
  capabilitiesJson: string | null;
  /** Canonical JSON of the request settings the model is measured with (null in stores before schema 2). */
  settingsJson?: string | null;
}

/** A response as cached: the request's key, its kind and the response JSON. */
export interface CacheEntry {
  key: string;
  kind: string;
  responseJson: string;
}

/** A result to store, with the response to cache when it was scored. */
export interface StoredResult {
  row: ResultRow;
  cache?: CacheEntry | undefined;
}

/** Key text of a result, for sets of completed work. */
export function resultKeyText(key: ResultKey): string {
  return JSON.stringify([key.modelId, key.task, key.itemId, key.sample]);
}

function nullableBool(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

/** Reads and writes runs, models, items and results; every write is one transaction. */
export class ResultsRepository {
  private readonly insertResultStatement;
  private readonly insertCacheStatement;
  private readonly getCacheStatement;
  private readonly writeResultsTransaction;

  constructor(readonly db: StoreDatabase) {
    this.insertResultStatement = db.prepare(`INSERT OR REPLACE INTO results (run_id, model_id, task, item_id, sample, status, correct,
      chosen, confidence, method, loss, gold_logprob, option_logprobs, correct_norm, option_mass, parse_status, response_text,
      input_tokens, output_tokens, cost_usd, latency_ms, attempts, cached, error_reason, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertCacheStatement = db.prepare('INSERT OR REPLACE INTO response_cache (key, kind, response_json, created_at) VALUES (?, ?, ?, ?)');
    this.getCacheStatement = db.prepare('SELECT response_json FROM response_cache WHERE key = ?').pluck();
    this.writeResultsTransaction = db.transaction((runId: number, results: readonly StoredResult[]) => {
      const now = new Date().toISOString();
      for (const { row, cache } of results) {
        // positional, in the order of the columns above (binding 25 named parameters costs about twice as much)
        this.insertResultStatement.run(
          runId, row.modelId, row.task, row.itemId, row.sample, row.status, nullableBool(row.correct),
          row.chosen === null ? null : JSON.stringify(row.chosen), row.confidence, row.method, row.loss, row.goldLogprob,
          row.optionLogprobs === null ? null : JSON.stringify(row.optionLogprobs), nullableBool(row.correctNorm), row.optionMass,
          row.parseStatus, row.responseText, row.inputTokens, row.outputTokens, row.costUsd, row.latencyMs, row.attempts,
          row.cached ? 1 : 0, row.errorReason, now,
        );
        if (cache && row.status === 'ok') this.insertCacheStatement.run(cache.key, cache.kind, cache.responseJson, now);
      }
    });
  }

  createRun(configFile: string, configJson: string): number {
    const now = new Date().toISOString();
    const info = this.db
      .prepare("INSERT INTO runs (created_at, updated_at, status, config_file, config_json) VALUES (?, ?, 'running', ?, ?)")
      .run(now, now, configFile, stripUrlCredentials(configJson));
    return Number(info.lastInsertRowid);
  }

  /** Sets a run's status; on a resume also the config (JSON, credentials stripped) and config file it continues with. */
  setRunStatus(runId: number, status: RunRecord['status'], configJson?: string, configFile?: string): void {
    const now = new Date().toISOString();
    if (configJson === undefined) this.db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?').run(status, now, runId);
    else {
      this.db.prepare('UPDATE runs SET status = ?, updated_at = ?, config_json = ?, config_file = COALESCE(?, config_file) WHERE id = ?')
        .run(status, now, stripUrlCredentials(configJson), configFile ?? null, runId);
    }
  }

  /** Every run, newest first. */
  getRuns(): RunRecord[] {
    return (this.db.prepare('SELECT id FROM runs ORDER BY id DESC').pluck().all() as number[]).map((id) => this.getRun(id)!);
  }

  getRun(runId?: number): RunRecord | undefined {
    const row = runId === undefined
      ? this.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get()
      : this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId);
    if (!row) return undefined;
    const r = row as Record<string, unknown>;
    return {
      id: r.id as number, createdAt: r.created_at as string, updatedAt: r.updated_at as string,
      status: r.status as RunRecord['status'], configFile: r.config_file as string, configJson: r.config_json as string,
    };
  }

  saveModel(runId: number, model: ModelRecord): void {
    this.db.prepare(`INSERT INTO models (run_id, model_id, provider, model, params, family, base_url, method, capabilities_json, settings_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, model_id) DO UPDATE SET provider = excluded.provider,
      model = excluded.model, params = excluded.params, family = excluded.family, base_url = excluded.base_url,
      method = COALESCE(excluded.method, models.method), capabilities_json = COALESCE(excluded.capabilities_json, models.capabilities_json),
      settings_json = COALESCE(excluded.settings_json, models.settings_json)`)
      .run(runId, model.modelId, model.provider, model.model, model.params, model.family,
        model.baseUrl === null ? null : stripUrlCredentials(model.baseUrl), model.method, model.capabilitiesJson, model.settingsJson ?? null);
  }

  getModels(runId: number): ModelRecord[] {
    return (this.db.prepare('SELECT * FROM models WHERE run_id = ? ORDER BY rowid').all(runId) as Array<Record<string, unknown>>).map((r) => ({
      modelId: r.model_id as string, provider: r.provider as string, model: r.model as string, params: r.params as number,
      family: (r.family as string | null) ?? null, baseUrl: (r.base_url as string | null) ?? null,
      method: (r.method as string | null) ?? null, capabilitiesJson: (r.capabilities_json as string | null) ?? null,
      settingsJson: (r.settings_json as string | null) ?? null,
    }));
  }

  saveTasks(runId: number, tasks: Task[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO items (run_id, task, item_id, item_json) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const task of tasks) for (const item of task.items) insert.run(runId, task.name, item.id, JSON.stringify(item));
    })();
  }

  /** The stored items of a run: task, item id and the item's JSON. */
  getItems(runId: number): Array<{ task: string; itemId: string; itemJson: string }> {
    return (this.db.prepare('SELECT task, item_id, item_json FROM items WHERE run_id = ? ORDER BY rowid').all(runId) as Array<Record<string, string>>)
      .map((r) => ({ task: r.task!, itemId: r.item_id!, itemJson: r.item_json! }));
  }

  /** Forgets items of a run and every result of them (edited or removed items), in one transaction. */
  forgetItems(runId: number, items: Array<{ task: string; itemId: string }>): void {
    const deleteItem = this.db.prepare('DELETE FROM items WHERE run_id = ? AND task = ? AND item_id = ?');
    const deleteResults = this.db.prepare('DELETE FROM results WHERE run_id = ? AND task = ? AND item_id = ?');
    this.db.transaction(() => {
      for (const item of items) {
        deleteItem.run(runId, item.task, item.itemId);
        deleteResults.run(runId, item.task, item.itemId);
      }
    })();
  }

  /** Writes one result, and its response into the cache when it was scored, in one transaction. */
  writeResult(runId: number, row: ResultRow, cache?: CacheEntry): void {
    this.writeResultsTransaction(runId, [{ row, cache }]);
  }

  /** Writes results (and the responses of the scored ones into the cache) in one transaction: all or none. */
  writeResults(runId: number, results: readonly StoredResult[]): void {
    this.writeResultsTransaction(runId, results);
  }

  getCachedResponse(key: string): string | undefined {
    return this.getCacheStatement.get(key) as string | undefined;
  }

  /** Keys of the results of a run: scored ones, and failed ones unless `includeErrors` is false. */
  resultKeys(runId: number, options: { includeErrors: boolean }): Set<string> {
    const sql = `SELECT model_id, task, item_id, sample FROM results WHERE run_id = ?${options.includeErrors ? '' : " AND status = 'ok'"}`;
    const rows = this.db.prepare(sql).raw().all(runId) as Array<[string, string, string, number]>;
    return new Set(rows.map(([modelId, task, itemId, sample]) => resultKeyText({ modelId, task, itemId, sample })));
  }

  readResults(runId: number): ResultRow[] {
    // In model, item and sample order, not arrival order: a report must not depend on which request finished first (or on a merge).
    const rows = this.db.prepare(`SELECT r.* FROM results r LEFT JOIN items i ON i.run_id = r.run_id AND i.task = r.task AND i.item_id = r.item_id
      WHERE r.run_id = ? ORDER BY r.model_id, i.rowid, r.task, r.item_id, r.sample`).all(runId) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      modelId: r.model_id as string, task: r.task as string, itemId: r.item_id as string, sample: r.sample as number,
      status: r.status as ResultRow['status'], correct: r.correct === null ? null : r.correct === 1,
      chosen: r.chosen === null ? null : (JSON.parse(r.chosen as string) as number | string),
      confidence: r.confidence as number | null, method: r.method as ResultRow['method'], loss: r.loss as number | null,
      goldLogprob: r.gold_logprob as number | null,
      optionLogprobs: r.option_logprobs === null ? null : (JSON.parse(r.option_logprobs as string) as number[]),
      correctNorm: r.correct_norm === null ? null : r.correct_norm === 1, optionMass: r.option_mass as number | null,
      parseStatus: r.parse_status as ResultRow['parseStatus'], responseText: r.response_text as string | null,
      inputTokens: r.input_tokens as number | null, outputTokens: r.output_tokens as number | null,
      costUsd: r.cost_usd as number | null, latencyMs: r.latency_ms as number | null, attempts: r.attempts as number,
      cached: r.cached === 1, errorReason: r.error_reason as string | null,
    }));
  }

  /** Total cost of a run so far (USD), for --cost-limit across resumes. */
  spentUsd(runId: number): number {
    return (this.db.prepare('SELECT COALESCE(SUM(cost_usd), 0) FROM results WHERE run_id = ? AND cached = 0').pluck().get(runId) as number) ?? 0;
  }
}
