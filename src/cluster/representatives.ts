import type { ClusterResult } from './types.js';

/**
 * The `count` most typical members of each cluster: highest membership probability first,
 * then lowest outlier score, then input order (so ties never depend on sort stability).
 * Returns point indices per label.
 */
export function representativesByLabel(result: ClusterResult, count: number): Map<number, number[]> {
  const members = new Map<number, number[]>();
  result.labels.forEach((label, index) => {
    if (label < 0) return;
    const list = members.get(label) ?? [];
    list.push(index);
    members.set(label, list);
  });
  const outlier = result.outlierScores;
  for (const [label, list] of members) {
    list.sort(
      (a, b) =>
        result.probabilities[b] - result.probabilities[a] || (outlier ? outlier[a] - outlier[b] : 0) || a - b,
    );
    members.set(label, list.slice(0, count));
  }
  return members;
}
