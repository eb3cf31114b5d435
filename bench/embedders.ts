/**
 * `npm run bench -- embedders`: the offline text embedders on the bundled example's reference
 * descriptions, against the human (here: vision-language model) coders of examples/climate-demo.
 * - Spearman correlation between the cosine similarity of a rated pair's two descriptions and
 *   the mean of the two coders' ratings (160 pairs), with a 95 % bootstrap interval over pairs;
 * - kNN purity (k = 5) on the 57 images of the four source series with at least 7 members
 *   (congressional portraits, Images of Change frames, Space for Earth panels, Connected Earth
 *   panels): how often an image's nearest descriptions come from its own series.
 * Row: wordvectors (ours) against tfidf (peer); the ratio column is ours/peer of the statistic.
 */
import { readFileSync } from 'node:fs';
import { createContext } from '../src/types/context.js';
import { embedders } from '../src/embed/index.js';
import { knnLabelPurity } from '../src/evaluate/statistics/embedding-quality.js';
import { parsePairsCsv, parseRatingsCsv } from '../src/evaluate/coding/pairs-csv.js';
import { createMatrix } from '../src/util/matrix.js';
import { createRandom } from '../src/util/random.js';
import { measure, report, seconds } from './harness.js';

const EXAMPLE = 'examples/climate-demo';
const BOOTSTRAP = 1000;

interface Example {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  readonly pairs: readonly { readonly a: number; readonly b: number; readonly connotative: number; readonly denotative: number }[];
}

export function loadExample(prompt = 'connotative'): Example {
  const descriptions = readFileSync(`${EXAMPLE}/descriptions.${prompt}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; text: string });
  const index = new Map(descriptions.map((d, i) => [d.id, i]));
  const pairsFile = `${EXAMPLE}/pairs.csv`;
  const ratingsFile = `${EXAMPLE}/ratings.csv`;
  const ratings = parseRatingsCsv(readFileSync(ratingsFile, 'utf8'), ratingsFile);
  const mean = (pairId: string, dimension: 'connotative' | 'denotative') => {
    const values = ratings.filter((r) => r.pairId === pairId && r[dimension] !== null).map((r) => r[dimension]!);
    return values.reduce((s, v) => s + v, 0) / values.length;
  };
  const pairs = parsePairsCsv(readFileSync(pairsFile, 'utf8'), pairsFile).map((pair) => ({
    a: index.get(pair.imageA)!,
    b: index.get(pair.imageB)!,
    connotative: mean(pair.pairId, 'connotative'),
    denotative: mean(pair.pairId, 'denotative'),
  }));
  return { ids: descriptions.map((d) => d.id), texts: descriptions.map((d) => d.text), pairs };
}

/** The source series of an example image, or undefined for the singletons. */
export function seriesOf(id: string): string | undefined {
  if (id.startsWith('congress-')) return 'congress';
  if (id.startsWith('nasa-output-data-set-')) return 'images-of-change';
  if (id.includes('-nasa-eic-spaceforearth-')) return 'space-for-earth';
  if (id.startsWith('nasa-connected-earth-')) return 'connected-earth';
  return undefined;
}

/** Average ranks (ties share the mean of their positions). */
function ranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const out = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let k = start; k <= end; k++) out[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/** Spearman's rho: Pearson correlation of the average ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function percentileInterval(values: number[]): [number, number] {
  values.sort((a, b) => a - b);
  return [values[Math.floor(0.025 * values.length)], values[Math.ceil(0.975 * values.length) - 1]];
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
};

export interface EmbeddingAgreement {
  readonly connotative: number;
  readonly connotativeInterval: [number, number];
  readonly denotative: number;
  readonly purity: number;
}

/** How well vectors of the example's descriptions agree with the coders and the source series. */
export function agreement(example: Example, vectors: readonly Float32Array[]): EmbeddingAgreement {
  const similarity = example.pairs.map((p) => cosine(vectors[p.a], vectors[p.b]));
  const connotative = example.pairs.map((p) => p.connotative);
  const random = createRandom(1);
  const replicates = Array.from({ length: BOOTSTRAP }, () => {
    const draw = example.pairs.map(() => random.int(example.pairs.length));
    return spearman(
      draw.map((i) => similarity[i]),
      draw.map((i) => connotative[i]),
    );
  });
  const members = example.ids.map((id, i) => ({ series: seriesOf(id), i })).filter((m) => m.series !== undefined);
  const names = [...new Set(members.map((m) => m.series))];
  const dims = vectors[0].length;
  const points = createMatrix(members.length, dims);
  members.forEach((m, row) => {
    const v = vectors[m.i];
    const norm = Math.hypot(...v) || 1;
    for (let d = 0; d < dims; d++) points.data[row * dims + d] = v[d] / norm;
  });
  return {
    connotative: spearman(similarity, connotative),
    connotativeInterval: percentileInterval(replicates),
    denotative: spearman(
      similarity,
      example.pairs.map((p) => p.denotative),
    ),
    purity: knnLabelPurity(
      points,
      members.map((m) => names.indexOf(m.series)),
      5,
    ),
  };
}

const describe = (a: EmbeddingAgreement) =>
  `rho conn ${a.connotative.toFixed(3)} [${a.connotativeInterval.map((v) => v.toFixed(3)).join(', ')}], den ${a.denotative.toFixed(3)}, kNN purity ${a.purity.toFixed(3)}`;

export async function run(): Promise<void> {
  for (const prompt of ['connotative', 'denotative']) {
    const example = loadExample(prompt);
    const embed = async (name: string, settings: Record<string, unknown> = {}) => {
      const embedder = embedders.get(name).create({ baseDir: '.', settings });
      const timed = await measure(() => embedder.embed(example.texts, createContext()));
      return { ...timed, agreement: agreement(example, timed.result) };
    };
    const peer = await embed('tfidf');
    const variants: [string, Record<string, unknown>][] = [
      ['defaults', {}],
      ['corpus p(w)', { wordProbabilities: 'corpus' }],
      ['no component removed', { removeComponents: 0 }],
      ['unweighted mean', { smoothing: 1e9, removeComponents: 0 }],
    ];
    for (const [label, settings] of variants) {
      const ours = await embed('wordvectors', settings);
      // Both are connote's own offline embedders: which to use is the question, not a speed race.
      report({
        id: `embedders-${prompt}-wordvectors-${label.replace(/\W+/g, '-')}`,
        benchmark: `${prompt} descriptions: wordvectors ${label}`,
        ours: describe(ours.agreement),
        peer: { kind: 'own-variant', name: 'the tfidf embedder', figure: describe(peer.agreement) },
        notes: `${seconds(ours.seconds)} vs ${seconds(peer.seconds)}`,
      });
    }
  }
}
