import type { Keyword } from './types.js';

/** How many c-TF-IDF terms MMR chooses from: BERTopic passes its representation models the top 30. */
export const MMR_CANDIDATES = 30;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998) as BERTopic's MaximalMarginalRelevance
 * applies it to a topic's keywords: start from the candidate most similar to the topic, then
 * repeatedly add the candidate maximising (1 - diversity) * sim(candidate, topic) - diversity *
 * max sim(candidate, chosen). The chosen terms keep their c-TF-IDF scores and order, as in BERTopic.
 * `topicVector` is the embedding of the candidates joined by spaces (BERTopic embeds " ".join(words)).
 *
 * @param diversity 0 (most relevant, no diversification) to 1 (most diverse)
 * @see https://github.com/MaartenGr/BERTopic/blob/master/bertopic/representation/_mmr.py
 */
export function maximalMarginalRelevance(
  candidates: readonly Keyword[],
  vectors: ReadonlyArray<ArrayLike<number>>,
  topicVector: ArrayLike<number>,
  diversity: number,
  topN: number,
): Keyword[] {
  if (vectors.length !== candidates.length) throw new Error(`MMR: ${candidates.length} candidates but ${vectors.length} vectors`);
  if (!(diversity >= 0 && diversity <= 1)) throw new Error(`MMR: diversity must be from 0 to 1, got ${diversity}`);
  if (candidates.length <= topN) return [...candidates];
  const relevance = vectors.map((v) => cosine(v, topicVector));
  const first = relevance.reduce((best, value, i) => (value > relevance[best] ? i : best), 0);
  const chosen = [first];
  // Highest similarity of each candidate to anything chosen so far, updated as terms are chosen.
  const redundancy = vectors.map((v) => cosine(v, vectors[first]));
  const open = new Set(candidates.keys());
  open.delete(first);
  while (chosen.length < topN) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of open) {
      const score = (1 - diversity) * relevance[i] - diversity * redundancy[i];
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    chosen.push(best);
    open.delete(best);
    for (const i of open) redundancy[i] = Math.max(redundancy[i], cosine(vectors[i], vectors[best]));
  }
  const picked = new Set(chosen);
  return candidates.filter((_, i) => picked.has(i));
}

/**
 * Term vectors for MMR when the run's embedder cannot embed words on their own (the offline
 * `tfidf` embedder is fitted to the whole corpus): each term is represented by where it occurs,
 * its TF-IDF weight in every description (smooth idf), as latent semantic analysis represents
 * words. Terms that occur in the same descriptions are then similar.
 */
export function termDocumentVectors(termsToEmbed: readonly string[], documentTerms: ReadonlyArray<ReadonlySet<string>>): Float64Array[] {
  const n = documentTerms.length;
  return termsToEmbed.map((term) => {
    const vector = new Float64Array(n);
    let df = 0;
    for (let d = 0; d < n; d++) if (documentTerms[d].has(term)) df++;
    const idf = Math.log((1 + n) / (1 + df)) + 1;
    for (let d = 0; d < n; d++) if (documentTerms[d].has(term)) vector[d] = idf;
    return vector;
  });
}
