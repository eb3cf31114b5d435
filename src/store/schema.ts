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
  // 2: coding by human raters (image pairs and interpretability tasks), full-text search over the
  // descriptions, and an index to find every clustering an item belongs to (the web app's image page).
  `
  CREATE INDEX assignments_item ON assignments(item_id);
  CREATE TABLE pairs (
    pair_id TEXT PRIMARY KEY,
    image_a TEXT NOT NULL,            -- item ids, as in pairs.csv
    image_b TEXT NOT NULL,
    position INTEGER NOT NULL,        -- the order coders see them in
    created_at TEXT NOT NULL
  );
  CREATE TABLE pair_ratings (
    pair_id TEXT NOT NULL REFERENCES pairs(pair_id) ON DELETE CASCADE,
    coder TEXT NOT NULL,
    denotative INTEGER CHECK (denotative BETWEEN 1 AND 3),    -- NULL until rated
    connotative INTEGER CHECK (connotative BETWEEN 1 AND 3),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (pair_id, coder)
  );
  CREATE TABLE interpretability_studies (
    id INTEGER PRIMARY KEY,
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id),
    images_per_set INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    choices INTEGER NOT NULL,         -- summaries offered per task (K)
    created_at TEXT NOT NULL
  );
  CREATE TABLE interpretability_tasks (
    study_id INTEGER NOT NULL REFERENCES interpretability_studies(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    cluster INTEGER NOT NULL,         -- the answer; never sent to coders
    images TEXT NOT NULL,             -- JSON [item id]
    options TEXT NOT NULL,            -- JSON [{optionId, summary}], in this task's order
    option_clusters TEXT NOT NULL,    -- JSON {optionId: cluster label}; never sent to coders
    PRIMARY KEY (study_id, task_id)
  );
  CREATE TABLE interpretability_choices (
    study_id INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    coder TEXT NOT NULL,
    choice TEXT,                      -- an optionId; NULL when the coder skipped the task
    updated_at TEXT NOT NULL,
    PRIMARY KEY (study_id, task_id, coder),
    FOREIGN KEY (study_id, task_id) REFERENCES interpretability_tasks(study_id, task_id) ON DELETE CASCADE
  );
  -- Derived from descriptions (rebuilt by DescriptionSearch.refresh when they change), so the
  -- describe stage pays nothing for it.
  CREATE VIRTUAL TABLE description_search USING fts5(
    text, image_hash UNINDEXED, prompt UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2'
  );
  `,
  // 3: clusters people can read and fix. Model-written names (and the cache of the answers that
  // wrote them), clusterings derived from others by an edit (merge, outlier reassignment), the
  // cluster hierarchy, an audit log of every edit, and which summaries a study shows.
  `
  ALTER TABLE clusterings ADD COLUMN parent_id INTEGER REFERENCES clusterings(id);
  ALTER TABLE clusterings ADD COLUMN edit TEXT;     -- how it was derived from its parent: merge, reassign
  CREATE INDEX clusterings_parent ON clusterings(parent_id);
  CREATE TABLE cluster_labels (
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
    label INTEGER NOT NULL,
    name TEXT NOT NULL,               -- a short name
    description TEXT NOT NULL,        -- one sentence
    criteria TEXT NOT NULL,           -- which images belong (inclusion criteria)
    labeler TEXT NOT NULL,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (clustering_id, label)
  );
  CREATE TABLE label_cache (
    key TEXT PRIMARY KEY,             -- hash of labeler, model, parameters, prompt and inputs
    kind TEXT NOT NULL,               -- name (one cluster) or distinguish (siblings renamed)
    labeler TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    answer TEXT NOT NULL,             -- JSON
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost_usd REAL,
    response_model TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE cluster_hierarchies (
    clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
    method TEXT NOT NULL,             -- how the tree was built, e.g. ctfidf-average
    tree TEXT NOT NULL,               -- JSON ClusterHierarchy
    created_at TEXT NOT NULL,
    PRIMARY KEY (clustering_id, method)
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,             -- label, merge, reassign, hierarchy
    clustering_id INTEGER,            -- what the edit was applied to
    result_clustering_id INTEGER,     -- the clustering it made, if any
    details TEXT NOT NULL DEFAULT '{}',
    memo TEXT
  );
  ALTER TABLE interpretability_studies ADD COLUMN summaries TEXT NOT NULL DEFAULT 'keywords';
  `,
  // 4: descriptions that belong to one item (reference descriptions: the same file posted twice
  // with two annotators' captions keeps both), and 'unreadable' answers (paid for, kept, never
  // requested again). The search index learns which item a text belongs to.
  `
  CREATE TABLE descriptions_v3 (
    image_hash TEXT NOT NULL,
    item_id TEXT NOT NULL DEFAULT '', -- '': the image's description, shared by every item with these bytes; else the one item it belongs to
    describer TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_hash TEXT NOT NULL,
    params_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'refused', 'empty', 'unreadable')),
    text TEXT NOT NULL,               -- for 'unreadable': the answer as it came, for the record
    input_tokens INTEGER,
    output_tokens INTEGER,
    cost_usd REAL,
    response_model TEXT,
    params TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (image_hash, item_id, describer, model, prompt_hash, params_hash)
  );
  INSERT INTO descriptions_v3 (image_hash, item_id, describer, model, prompt_hash, params_hash, status, text,
      input_tokens, output_tokens, cost_usd, response_model, params, created_at)
    SELECT image_hash, '', describer, model, prompt_hash, params_hash, status, text,
      input_tokens, output_tokens, cost_usd, response_model, params, created_at FROM descriptions;
  DROP TABLE descriptions;
  ALTER TABLE descriptions_v3 RENAME TO descriptions;
  DROP TABLE description_search;
  CREATE VIRTUAL TABLE description_search USING fts5(
    text, image_hash UNINDEXED, item_id UNINDEXED, prompt UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2'
  );
  DELETE FROM state WHERE key LIKE 'description_search%';
  `,
  // OCR: the text an engine read in each image, by image hash, engine, version and settings.
  `
  CREATE TABLE image_texts (
    image_hash TEXT NOT NULL,
    engine TEXT NOT NULL,
    version TEXT NOT NULL,            -- engine and model version, e.g. "tesseract.js 7.0.0, eng 4.0.0"
    params_hash TEXT NOT NULL,
    params TEXT NOT NULL,
    text TEXT NOT NULL,               -- '' when the engine read nothing
    confidence REAL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (image_hash, engine, version, params_hash)
  );
  `,
  // Near-duplicates: each image's perceptual hash, and the groups a run (or connote duplicates) found.
  `
  CREATE TABLE image_hashes (
    image_hash TEXT NOT NULL,
    algorithm TEXT NOT NULL,          -- 'dhash', 'phash'
    version TEXT NOT NULL,            -- definition and scaler, e.g. "dhash/1 (sharp 0.35.5, libvips 8.18.7)"
    bits INTEGER NOT NULL,
    value TEXT NOT NULL,              -- hexadecimal, first bit most significant (as Python's imagehash prints it)
    created_at TEXT NOT NULL,
    PRIMARY KEY (image_hash, algorithm, version)
  );
  CREATE TABLE near_duplicate_groupings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT,                      -- the run that grouped; null for connote duplicates
    algorithm TEXT NOT NULL,
    version TEXT NOT NULL,
    max_distance INTEGER NOT NULL,
    analysis TEXT,                    -- 'all' or 'representative' in a run; null for connote duplicates
    images INTEGER NOT NULL,          -- distinct images hashed
    created_at TEXT NOT NULL
  );
  CREATE TABLE near_duplicate_members (
    grouping_id INTEGER NOT NULL REFERENCES near_duplicate_groupings(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    image_hash TEXT NOT NULL,
    position INTEGER NOT NULL,        -- the item's place in the group (input order, the representative's items first)
    representative INTEGER NOT NULL CHECK (representative IN (0, 1)),
    distance INTEGER NOT NULL,        -- Hamming distance of the item's image to the representative's
    PRIMARY KEY (grouping_id, item_id)
  );
  CREATE INDEX near_duplicate_members_by_group ON near_duplicate_members (grouping_id, group_id, position);
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
