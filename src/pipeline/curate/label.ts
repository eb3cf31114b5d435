import { representativesByLabel } from '../../cluster/representatives.js';
import { labelClusters, labelers, type ClusterLabeler, type ClusterToName, type LabelStageResult } from '../../labels/index.js';
import { loadStoredClustering, type Store } from '../../store/index.js';
import type { ClusterResult, CorpusRow, Keyword } from '../../types/analysis.js';
import type { StageContext } from '../../types/context.js';
import type { LabelConfig, StageChoice } from '../config.js';
import { editor } from './who.js';

/** Keywords shown to the labeler per cluster. */
const LABEL_KEYWORDS = 10;

/** Connection settings a labeler takes over from an `openai` describer when it names no server of its own. */
const CONNECTION_KEYS = ['baseUrl', 'baseUrls', 'apiKey', 'profile', 'rpm', 'tpm', 'maxRetries', 'timeoutSeconds', 'transport'];

/**
 * The configured labeler. An `openai` labeler given no server of its own talks to the describer's
 * (same endpoints, key and limits) and, unless told otherwise, asks the describer's model.
 */
export function createLabeler(config: Pick<LabelConfig, 'labeler' | 'promptFile' | 'distinguishPromptFile'>, baseDir: string, describer?: StageChoice): ClusterLabeler {
  const settings = labelerSettings(config, describer);
  return labelers.get(config.labeler.name).create({ baseDir, settings, promptFile: config.promptFile, distinguishPromptFile: config.distinguishPromptFile });
}

/** The labeler's settings as it will run: its own, over the describer's connection and model where it inherits them. */
export function labelerSettings(config: Pick<LabelConfig, 'labeler'>, describer?: StageChoice): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...config.labeler.settings };
  const ownServer = 'baseUrl' in settings || 'baseUrls' in settings;
  if (config.labeler.name !== 'openai' || describer?.name !== 'openai' || ownServer) return settings;
  const inherited = Object.fromEntries(Object.entries(describer.settings).filter(([key]) => CONNECTION_KEYS.includes(key)));
  return { ...inherited, ...(settings.model === undefined && describer.settings.model !== undefined ? { model: describer.settings.model } : {}), ...settings };
}

/** What the labeler sees of each cluster: its keywords and the descriptions of its most typical members. */
export function clustersToName(
  clusters: ReadonlyArray<{ readonly label: number; readonly size: number; readonly keywords: readonly Keyword[] }>,
  rows: readonly Pick<CorpusRow, 'text'>[],
  result: Pick<ClusterResult, 'labels' | 'probabilities' | 'outlierScores'>,
  samples: number,
): ClusterToName[] {
  const typical = representativesByLabel({ ...result, nClusters: clusters.length }, samples);
  return clusters.map((cluster) => ({
    label: cluster.label,
    size: cluster.size,
    keywords: cluster.keywords.slice(0, LABEL_KEYWORDS).map((k) => k.term),
    descriptions: (typical.get(cluster.label) ?? []).map((row) => rows[row].text),
  }));
}

/** Records a labeler's names for a stored clustering, with an audit entry. */
export function saveNames(
  store: Store,
  clusteringId: number,
  labeler: ClusterLabeler,
  result: LabelStageResult,
  audit: { readonly who?: string | null; readonly memo?: string | null },
): void {
  store.clusterings.saveLabels(
    clusteringId,
    result.names.map((n) => ({
      label: n.label,
      name: n.name,
      description: n.description,
      criteria: n.criteria,
      labeler: n.source === 'keywords' ? 'keywords' : labeler.signature.labeler,
      model: n.source === 'keywords' ? 'c-tf-idf' : labeler.signature.model,
    })),
  );
  store.audit.add({
    who: editor(audit.who),
    action: 'label',
    clusteringId,
    details: {
      labeler: labeler.signature.labeler,
      model: labeler.signature.model,
      prompt: labeler.prompts.name.hash,
      clusters: result.names.length,
      requests: result.requests,
      cached: result.cached,
      renamed: result.renamed,
      namedByKeywords: result.failures.map((f) => f.label),
      costUsd: result.usage.costUsd,
    },
    memo: audit.memo ?? null,
  });
}

export interface LabelStoredOptions {
  /** Descriptions shown per cluster (default 10). */
  readonly samples?: number;
  readonly who?: string | null;
  readonly memo?: string | null;
}

/** The clusters of a stored clustering as the labeler sees them (for names, and for `--dry-run` estimates). */
export function storedClustersToName(store: Store, clusteringId: number, samples = 10): ClusterToName[] {
  const stored = loadStoredClustering(store, clusteringId);
  return clustersToName(store.clusterings.clusters(clusteringId), stored.rows, stored, samples);
}

/**
 * `connote label` for one stored clustering: names every cluster (from the cache where it can),
 * stores the names with the clustering and appends an audit entry.
 */
export async function labelStoredClustering(
  store: Store,
  clusteringId: number,
  labeler: ClusterLabeler,
  ctx: StageContext,
  options: LabelStoredOptions = {},
): Promise<LabelStageResult> {
  const clusters = storedClustersToName(store, clusteringId, options.samples ?? 10);
  const result = await labelClusters(clusters, labeler, store, ctx);
  saveNames(store, clusteringId, labeler, result, options);
  return result;
}
