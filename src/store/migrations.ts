/** Numbered schema migrations; `PRAGMA user_version` holds the number of the last one applied. */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, models, items, results, response cache
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,              -- running | completed | stopped | failed | interrupted (killed)
    config_file TEXT NOT NULL,
    config_json TEXT NOT NULL          -- the validated config; never holds API keys
  );
  CREATE TABLE models (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    model_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    params REAL NOT NULL,
    family TEXT,
    base_url TEXT,
    method TEXT,                       -- confidence method chosen by the capability probe
    capabilities_json TEXT,
    PRIMARY KEY (run_id, model_id)
  );
  CREATE TABLE items (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    task TEXT NOT NULL,
    item_id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (run_id, task, item_id)
  );
  CREATE TABLE results (
    run_id INTEGER NOT NULL,
    model_id TEXT NOT NULL,
    task TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    status TEXT NOT NULL,              -- ok | error
    correct INTEGER,
    chosen TEXT,                       -- JSON: option index or answer text
    confidence REAL,
    method TEXT,
    loss REAL,
    gold_logprob REAL,
    option_logprobs TEXT,              -- JSON array
    correct_norm INTEGER,              -- acc_norm correctness (log-prob per UTF-8 byte)
    option_mass REAL,
    parse_status TEXT,                 -- ok | answer-unparseable | confidence-unparseable
    response_text TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost_usd REAL,
    latency_ms REAL,
    attempts INTEGER,
    cached INTEGER NOT NULL DEFAULT 0,
    error_reason TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, model_id, task, item_id, sample)
  );
  CREATE TABLE response_cache (
    key TEXT PRIMARY KEY,              -- sha256 of the canonical request, secrets excluded
    kind TEXT NOT NULL,
    response_json TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 2: what a resume checks (model request settings) and who writes a run (one writer per run)
  `
  ALTER TABLE models ADD COLUMN settings_json TEXT;  -- canonical JSON of the request settings measured with
  CREATE TABLE leases (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    token TEXT NOT NULL,               -- random per writer
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    heartbeat_ms INTEGER NOT NULL      -- Date.now() of the writer's last heartbeat
  );
  `,
];
