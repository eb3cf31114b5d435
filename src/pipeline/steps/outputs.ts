import type { EmbedderSignature } from '../../embed/types.js';
import type { ImageFeatureSignature } from '../../image-features/types.js';
import { writeDuplicatesCsv, writeOutputs, type OutputPaths } from '../../report/index.js';
import type { ClusterHierarchy } from '../../store/index.js';
import type { FeatureAnalysis } from '../../types/analysis.js';
import { hierarchyOf } from '../curate/hierarchy.js';
import { keywordOptionsFor } from './keywords.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { Corpus } from './describe.js';

/**
 * Step 7, outputs: report.html, assignments.csv, clusters.csv and clusters.json for one method's
 * analysis (`prefix` keeps the CNN baseline's files apart from the descriptions'), and with
 * `--near-duplicates` duplicates.csv beside the unprefixed ones (the groups are the run's).
 * With the stored clusterings' ids, the report also shows each clustering's cluster tree.
 */
export function writeAnalysisOutputs(
  session: RunSession,
  config: RunConfig,
  corpus: Corpus,
  analysis: FeatureAnalysis,
  method: { readonly name: string; readonly features: string; readonly prefix?: string; readonly clusteringIds?: readonly number[] },
): Promise<OutputPaths> {
  const hierarchies = clusterTrees(session, config, corpus, analysis, method.clusteringIds ?? []);
  return session.timed('outputs', async () => {
    const input = {
      runId: session.runId,
      config,
      method: method.name,
      features: method.features,
      items: corpus.ingested.items,
      rows: corpus.rows,
      analysis,
      errors: session.errors(),
      nearDuplicateGroups: corpus.nearDuplicates?.summaries,
      thumbnail: (hash: string) => session.store.images.thumbnail(hash),
      hierarchies,
    };
    const paths = await writeOutputs(input, config.out, method.prefix);
    if (!corpus.nearDuplicates || method.prefix) return paths;
    return { ...paths, duplicatesCsv: await writeDuplicatesCsv(input, config.out) };
  });
}

/**
 * Each clustering's tree by minimum size, built from the texts in memory and stored with its
 * clustering (the app and `connote hierarchy` then read it); one that fails is left out, with a warning.
 */
function clusterTrees(session: RunSession, config: RunConfig, corpus: Corpus, analysis: FeatureAnalysis, clusteringIds: readonly number[]): Map<number, ClusterHierarchy> {
  const trees = new Map<number, ClusterHierarchy>();
  if (clusteringIds.length === 0) return trees;
  const texts = corpus.rows.map((row) => row.text);
  const options = keywordOptionsFor(config, corpus.prompt.text);
  clusteringIds.forEach((clusteringId, index) => {
    const clustering = analysis.clusterings[index];
    if (!clustering || clustering.result.nClusters < 2) return;
    try {
      const tree = hierarchyOf({ clusteringId, texts, labels: clustering.result.labels, clusters: clustering.clusters, options });
      session.store.hierarchies.save(tree);
      trees.set(clustering.minClusterSize, tree);
    } catch (error) {
      session.ctx.logger.warn(`no cluster tree for min size ${clustering.minClusterSize} in the report: ${(error as Error).message}`);
    }
  });
  return trees;
}

/** How the description features were made, in words, for reports. */
export function describeDescriptionFeatures(corpus: Corpus, embedder: EmbedderSignature): string {
  return `${corpus.describer.describer} describer (${corpus.describer.model}), prompt ${corpus.prompt.name}; ${embedder.embedder} embeddings (${embedder.model})`;
}

/** How the CNN features were made, in words, for reports. */
export function describeImageFeatures(extractor: ImageFeatureSignature): string {
  const weights = typeof extractor.params.weights === 'string' ? `; weights: ${extractor.params.weights}` : '';
  const layer = typeof extractor.params.layer === 'string' ? `, layer ${extractor.params.layer}` : '';
  return `${extractor.extractor} image features from ${extractor.model}${layer}${weights}`;
}
