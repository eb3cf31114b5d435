import { countByLabel } from '../../cluster/counts.js';
import { representativesByLabel } from '../../cluster/representatives.js';
import { keywordExtractors } from '../../keywords/index.js';
import type { SummarisedClustering } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import type { ClusteringAtSize } from './cluster.js';

/**
 * Step 6, keywords: every cluster summarised by c-TF-IDF and TF-IDF keywords from `documents`
 * (always the descriptions, so clusterings of any features read the same way) and by its most
 * typical members.
 */
export function summariseClusterings(
  config: Pick<RunConfig, 'keywords' | 'representatives'>,
  documents: readonly string[],
  clusterings: readonly ClusteringAtSize[],
): SummarisedClustering[] {
  const keywordOptions = { topN: config.keywords.topN, ngramRange: config.keywords.ngramRange };
  const ctfidf = keywordExtractors.get('ctfidf').create(keywordOptions);
  const tfidf = keywordExtractors.get('tfidf').create(keywordOptions);
  return clusterings.map(({ minClusterSize, result, seconds }) => {
    const start = performance.now();
    const keywords = ctfidf.extract(documents, result.labels);
    const tfidfKeywords = tfidf.extract(documents, result.labels);
    const representatives = representativesByLabel(result, config.representatives);
    const sizes = countByLabel(result.labels);
    const clusters = [...sizes.keys()]
      .filter((label) => label >= 0)
      .sort((a, b) => a - b)
      .map((label) => ({
        label,
        size: sizes.get(label) as number,
        keywords: keywords.get(label) ?? [],
        tfidfKeywords: tfidfKeywords.get(label) ?? [],
        representatives: representatives.get(label) ?? [],
      }));
    return { minClusterSize, result, clusters, seconds: seconds + (performance.now() - start) / 1000 };
  });
}
