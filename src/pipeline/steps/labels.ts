import { labelClusters } from '../../labels/index.js';
import type { FeatureAnalysis } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import { clustersToName, createLabeler, saveNames } from '../curate/label.js';
import type { RunSession } from '../session.js';
import type { Corpus } from './describe.js';

/**
 * Step 6b, names (`connote run --label`): every cluster of every clustering named by the
 * configured labeler from its keywords and typical descriptions, cached like descriptions and
 * stored with its clustering; the analysis comes back with the names for the outputs.
 */
export async function nameClusterings(
  session: RunSession,
  config: RunConfig,
  corpus: Corpus,
  analysis: FeatureAnalysis,
  clusteringIds: readonly number[],
): Promise<FeatureAnalysis> {
  if (!config.labels.enabled) return analysis;
  const labeler = createLabeler(config.labels, config.baseDir, config.describer);
  try {
    const clusterings = [];
    for (const [i, clustering] of analysis.clusterings.entries()) {
      const clusters = clustersToName(clustering.clusters, corpus.rows, clustering.result, config.labels.samples);
      const result = await session.timed('labels', () => labelClusters(clusters, labeler, session.store, session.ctx));
      saveNames(session.store, clusteringIds[i], labeler, result, { memo: 'connote run --label' });
      const byLabel = new Map(result.names.map((n) => [n.label, n]));
      clusterings.push({
        ...clustering,
        clusters: clustering.clusters.map((c) => {
          const named = byLabel.get(c.label);
          return named ? { ...c, name: named.name, description: named.description, criteria: named.criteria } : c;
        }),
      });
    }
    return { ...analysis, clusterings };
  } finally {
    await labeler.close?.();
  }
}
