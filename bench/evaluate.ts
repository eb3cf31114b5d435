/**
 * Validation statistics: Krippendorff's alpha against the `krippendorff` npm package (a direct
 * transcription of the Wikipedia formulas) on the same seeded data, and the cost of the two alpha
 * bootstraps and of the cluster-quality bootstrap.
 */
import { alpha as peerAlpha } from 'krippendorff';
import { clusterQuality } from '../src/evaluate/statistics/cluster-quality.js';
import { bootstrapAlpha, krippendorffAlpha } from '../src/evaluate/statistics/krippendorff.js';
import type { ImagePair, PairRating } from '../src/evaluate/coding/types.js';
import { createRandom } from '../src/util/random.js';
import { measure, ratio, report, seconds } from './harness.js';

/** Coders who agree with a unit's true category with probability `accuracy`; `missing` share left blank. */
function makeCodings(coders: number, units: number, categories: number, seed: number): (number | null)[][] {
  const random = createRandom(seed);
  const truth = Array.from({ length: units }, () => random.int(categories) + 1);
  return Array.from({ length: coders }, () =>
    truth.map((value) => {
      if (random.next() < 0.2) return null;
      return random.next() < 0.8 ? value : random.int(categories) + 1;
    }),
  );
}

async function compareAlpha(coders: number, units: number, categories: number): Promise<void> {
  const data = makeCodings(coders, units, categories, units);
  const peerData = data.map((row) => row.map((value) => value ?? undefined));
  for (const level of ['nominal', 'interval'] as const) {
    const metric = level === 'nominal' ? undefined : (a: number, b: number) => (a - b) ** 2;
    // One untimed call each, so neither side is charged for compiling.
    krippendorffAlpha(data, level);
    peerAlpha(peerData, metric);
    const ours = await measure(() => krippendorffAlpha(data, level).alpha);
    const peer = await measure(() => peerAlpha(peerData, metric));
    report({
      id: `alpha-${level}-${coders}x${units}-${categories}`,
      benchmark: `Krippendorff's alpha, ${level}, ${coders} coders x ${units.toLocaleString('en')} units, ${categories} values`,
      ours: seconds(ours.seconds),
      peer: { kind: 'library', name: 'krippendorff (npm) 0.1.0', figure: seconds(peer.seconds) },
      ratio: ratio(ours.seconds, peer.seconds),
      notes: `alpha ${ours.result.toFixed(6)} vs ${peer.result.toFixed(6)}`,
      readme: level === 'nominal' && units === 50_000 && categories === 3,
    });
  }
}

export async function run(): Promise<void> {
  await compareAlpha(5, 2000, 3);
  await compareAlpha(5, 50_000, 3);
  await compareAlpha(5, 50_000, 7);

  const data = makeCodings(2, 2000, 3, 7);
  const pairsDraw = await measure(() => bootstrapAlpha(data, 'ordinal', { replicates: 5000, seed: 1 }));
  const unitsDraw = await measure(() => bootstrapAlpha(data, 'ordinal', { replicates: 5000, seed: 1, resample: 'units' }));
  report({
    id: 'alpha-bootstrap-5000-2x2000-ordinal',
    benchmark: 'alpha bootstrap 5000x, 2x2000 ordinal (resampling coincidences)',
    ours: seconds(pairsDraw.seconds),
    peer: { kind: 'own-variant', name: 'connote, resampling units', figure: seconds(unitsDraw.seconds) },
    notes: `95% CI [${pairsDraw.result.lower.toFixed(3)}, ${pairsDraw.result.upper.toFixed(3)}] vs [${unitsDraw.result.lower.toFixed(3)}, ${unitsDraw.result.upper.toFixed(3)}]`,
  });

  const random = createRandom(3);
  const images = 4000;
  const clustering = new Map(Array.from({ length: images }, (_, i) => [`img${i}`, random.int(40) - 1]));
  const pairs: ImagePair[] = Array.from({ length: 2000 }, (_, i) => ({
    pairId: `p${i}`,
    imageA: `img${random.int(images)}`,
    imageB: `img${random.int(images)}`,
  }));
  const ratings: PairRating[] = pairs.flatMap((pair) =>
    ['a', 'b'].map((coder) => ({ pairId: pair.pairId, coder, denotative: random.int(3) + 1, connotative: random.int(3) + 1 })),
  );
  const quality = await measure(() => clusterQuality(pairs, ratings, clustering, { replicates: 5000, seed: 1 }));
  report({
    id: 'cluster-quality-2000-pairs-5000x',
    benchmark: 'cluster quality, 2000 pairs, 2 dims, 5000 bootstrap replicates',
    ours: seconds(quality.seconds),
    peer: null,
    notes: 'no JavaScript implementation to compare with',
  });
}
