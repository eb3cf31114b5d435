import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { StageState } from '../types/context.js';
import { ArtifactRepository } from './artifacts.js';
import { AuditRepository } from './audit.js';
import { ClusteringRepository } from './clusterings.js';
import { DescriptionRepository } from './descriptions.js';
import { EmbeddingRepository } from './embeddings.js';
import { ErrorRepository } from './errors.js';
import { ExploreRepository } from './explore.js';
import { HierarchyRepository } from './hierarchies.js';
import { ImageRepository } from './images.js';
import { ImageTextRepository } from './image-texts.js';
import { ImageHashRepository } from './image-hashes.js';
import { NearDuplicateRepository } from './near-duplicates.js';
import { InterpretabilityRepository } from './interpretability.js';
import { LabelCacheRepository } from './labels.js';
import { PairRepository } from './pairs.js';
import { RunRepository } from './runs.js';
import { migrate } from './schema.js';
import { DescriptionSearch } from './search.js';
import { storeState } from './state.js';

export type { ImageRecord, ItemRecord } from './images.js';
export type { DescriptionKey, StoredDescription } from './descriptions.js';
export type { RunRecord } from './runs.js';
export type { AssignmentRecord, ClusterLabelRecord, ClusterRecord, ClusteringRecord, Keyword, NewClustering } from './clusterings.js';
export type { AuditEntry, NewAuditEntry } from './audit.js';
export type { CachedLabelAnswer } from './labels.js';
export type { ClusterHierarchy, HierarchyNode } from './hierarchies.js';
export { loadStoredClustering, runDescriptionKey, type StoredClustering } from './corpus.js';
export type { ClusteringListing } from './explore.js';
export type { ErrorRecord } from './errors.js';
export type { StoredPair, StoredPairRating } from './pairs.js';
export type { NewStudy, StoredChoice, StudyRecord } from './interpretability.js';
export type { SearchHit, SearchResult } from './search.js';
export type { ImageHashKey } from './image-hashes.js';
export type { NearDuplicateGroupingRecord, NearDuplicateMemberRecord, NewNearDuplicateGrouping } from './near-duplicates.js';

/** The file name of a project's store inside its output folder. */
export const STORE_FILE = 'connote.sqlite';

/**
 * A project's persistent store: one SQLite file (WAL mode, so a reader such as `connote serve`
 * never blocks the writer) holding images, descriptions, embeddings, runs and results.
 * Each concern has its own small repository.
 */
export class Store {
  readonly images: ImageRepository;
  readonly descriptions: DescriptionRepository;
  readonly embeddings: EmbeddingRepository;
  readonly artifacts: ArtifactRepository;
  readonly runs: RunRepository;
  readonly clusterings: ClusteringRepository;
  readonly errors: ErrorRepository;
  readonly pairs: PairRepository;
  readonly interpretability: InterpretabilityRepository;
  readonly search: DescriptionSearch;
  readonly explore: ExploreRepository;
  readonly labelCache: LabelCacheRepository;
  readonly audit: AuditRepository;
  readonly hierarchies: HierarchyRepository;
  readonly imageTexts: ImageTextRepository;
  readonly imageHashes: ImageHashRepository;
  readonly nearDuplicates: NearDuplicateRepository;

  constructor(readonly db: Database.Database) {
    this.images = new ImageRepository(db);
    this.descriptions = new DescriptionRepository(db);
    this.embeddings = new EmbeddingRepository(db);
    this.artifacts = new ArtifactRepository(db);
    this.runs = new RunRepository(db);
    this.clusterings = new ClusteringRepository(db);
    this.errors = new ErrorRepository(db);
    this.pairs = new PairRepository(db);
    this.interpretability = new InterpretabilityRepository(db);
    this.search = new DescriptionSearch(db);
    this.explore = new ExploreRepository(db);
    this.labelCache = new LabelCacheRepository(db);
    this.audit = new AuditRepository(db);
    this.hierarchies = new HierarchyRepository(db);
    this.imageTexts = new ImageTextRepository(db);
    this.imageHashes = new ImageHashRepository(db);
    this.nearDuplicates = new NearDuplicateRepository(db);
  }

  state(namespace = ''): StageState {
    return storeState(this.db, namespace);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if needed) the store at `path`, or `:memory:` for tests. */
export function openStore(path: string, options: { readonly?: boolean } = {}): Store {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against process crashes in WAL mode (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) migrate(db);
  return new Store(db);
}

export function openProjectStore(projectDir: string, options: { readonly?: boolean } = {}): Store {
  return openStore(join(projectDir, STORE_FILE), options);
}
