import type Database from 'better-sqlite3';

/**
 * Ordered schema migrations; `PRAGMA user_version` records how many have been applied.
 * Append new migrations at the end, never edit an applied one: projects made by older
 * versions of connote must keep opening.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE images (
    hash TEXT PRIMARY KEY,            -- SHA-256 of the file's bytes: the cache key of every image-level step
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    thumbnail BLOB,
    thumbnail_type TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE items (
    id TEXT PRIMARY KEY,              -- the user's id (manifest id, or the path relative to the input folder)
    hash TEXT NOT NULL REFERENCES images(hash),
    path TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX items_hash ON items(hash);
  CREATE TABLE prompts (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE TABLE descriptions (
    image_hash TEXT NOT NULL,
    describer TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    params_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'refused', 'empty')),
    text TEXT NOT NULL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost_usd REAL,
    response_model TEXT,
    params TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (image_hash, describer, model, prompt_hash, params_hash)
  );
  CREATE TABLE embeddings (
    text_hash TEXT NOT NULL,
    embedder_key TEXT NOT NULL,
    dims INTEGER NOT NULL,
    vector BLOB NOT NULL,             -- little-endian float32
    PRIMARY KEY (text_hash, embedder_key)
  );
  CREATE TABLE artifacts (
    key TEXT PRIMARY KEY,             -- hash of the inputs and parameters that produced it
    kind TEXT NOT NULL,
    rows INTEGER NOT NULL,
    cols INTEGER NOT NULL,
    data BLOB NOT NULL,               -- little-endian float64, row-major
    meta TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    config TEXT NOT NULL,
    provenance TEXT
  );
  CREATE TABLE clusterings (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id),
    name TEXT NOT NULL,               -- e.g. descriptions/mcs5
    method TEXT NOT NULL,             -- which features were clustered: descriptions, image-features
    min_cluster_size INTEGER,
    params TEXT NOT NULL,
    n_clusters INTEGER NOT NULL,
    n_noise INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX clusterings_run ON clusterings(run_id);
  CREATE TABLE assignments (
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    label INTEGER NOT NULL,
    probability REAL NOT NULL,
    outlier_score REAL,
    PRIMARY KEY (clustering_id, item_id)
  );
  CREATE TABLE clusters (
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
    label INTEGER NOT NULL,
    size INTEGER NOT NULL,
    keywords TEXT NOT NULL,           -- JSON [{term, score}], c-TF-IDF
    tfidf_keywords TEXT NOT NULL,     -- JSON [{term, score}], plain TF-IDF
    representatives TEXT NOT NULL,    -- JSON [item id]
    PRIMARY KEY (clustering_id, label)
  );
  CREATE TABLE layouts (
    run_id TEXT NOT NULL REFERENCES runs(id),
    method TEXT NOT NULL,
    item_id TEXT NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    PRIMARY KEY (run_id, method, item_id)
  );
  CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    run_id TEXT,
    stage TEXT NOT NULL,
    item_id TEXT,
    path TEXT,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `this project was written by a newer connote (schema ${current}, this version knows ${MIGRATIONS.length}); upgrade connote`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
