/**
 * The plain-language reading that closes evaluation.md: which figures exceed chance, which
 * differences between the methods exceed the noise of sampling pairs and the variation between
 * seeds, and which do not. The rules are stated in the text so a reader can check them:
 * - a quality exceeds chance when its permutation p < 0.05;
 * - a difference exceeds pair sampling when its 95% bootstrap interval excludes 0;
 * - a difference exceeds seed variation when every seed favours the same method and the mean over
 *   seeds is more than twice their standard deviation away from 0.
 */
import { SIMILARITY_DIMENSIONS, type SimilarityDimension } from '../coding/types.js';
import { f2, methodName, pValue, shortName } from './format.js';
import type { CoderKinds } from './options.js';
import type { GapSeeds } from './repeats.js';
import type { ValidationStudy } from './study.js';

const ALPHA = 0.05;

/** How a difference stands against the two sources of noise. */
export function differenceVerdict(gap: { difference: number; lower: number; upper: number; seeds: GapSeeds | null }): {
  readonly pairs: boolean;
  readonly seeds: boolean | null;
} {
  const pairs = Number.isFinite(gap.lower) && (gap.lower > 0 || gap.upper < 0);
  if (!gap.seeds || gap.seeds.n < 2) return { pairs, seeds: null };
  const { mean, sd, n, positive, negative } = gap.seeds;
  const oneSide = positive === n || negative === n;
  const clear = sd === 0 ? mean !== 0 : Math.abs(mean) > 2 * sd;
  return { pairs, seeds: oneSide && clear && Math.sign(mean) === Math.sign(gap.difference) };
}

function verdictText(verdict: ReturnType<typeof differenceVerdict>): string {
  if (!verdict.pairs) return 'within the noise of sampling pairs (the 95% interval includes 0)';
  if (verdict.seeds === null) return 'beyond the noise of sampling pairs (no seeds were repeated to check seed variation)';
  return verdict.seeds ? 'beyond both the noise of sampling pairs and the variation between seeds' : 'beyond the noise of sampling pairs at the main seed, but not beyond the variation between seeds';
}

function chanceLine(study: ValidationStudy, dimension: SimilarityDimension): string {
  const rows = study.scored.filter((s) => s.chance[dimension]);
  if (rows.length === 0) return '';
  const below = rows.filter((s) => !(s.chance[dimension]!.p < ALPHA));
  const worst = Math.max(...rows.map((s) => s.chance[dimension]!.p));
  if (below.length === 0) {
    const atFloor = worst <= 1 / (study.permutations + 1) + 1e-12;
    return `every clustering scores above chance (permutation p ${atFloor ? `${pValue(worst, study.permutations)} for each` : `at most ${pValue(worst, study.permutations)}`})`;
  }
  if (below.length === rows.length) return 'no clustering scores clearly above chance (permutation p >= 0.05 for each)';
  const names = below.map((s) => `${methodName(s.method)} at ${s.minClusterSize} (p ${pValue(s.chance[dimension]!.p, study.permutations)})`);
  return `all clusterings but ${names.join(', ')} score above chance`;
}

function seedLine(study: ValidationStudy, dimension: SimilarityDimension): string {
  const withSeeds = study.scored.filter((s) => s.seeds);
  if (withSeeds.length === 0) return '';
  const methods = [...new Set(withSeeds.map((s) => s.method))];
  const parts = methods.map((method) => {
    const own = withSeeds.filter((s) => s.method === method);
    const sd = Math.max(0, ...own.map((s) => s.seeds!.quality[dimension].sd).filter(Number.isFinite));
    const ari = Math.min(...own.map((s) => s.seeds!.ari.min));
    if (sd === 0 && ari === 1) return `${methodName(method)} gives the same clusterings at every seed`;
    return `${methodName(method)}'s quality moves by up to ${f2(sd)} (sd over seeds; ARI between seeds down to ${f2(ari)})`;
  });
  return `over seeds ${study.seeds.join(', ')}, ${parts.join(', and ')}`;
}

/** "VLM higher by 0.25 (VLM - CNN = 0.25 [0.03, 0.46]; over seeds 0.07 ± 0.19)" */
function differenceText(a: string, b: string, gap: { difference: number; lower: number; upper: number; seeds: GapSeeds | null }): string {
  const higher = gap.difference >= 0 ? a : b;
  const seeds = gap.seeds && gap.seeds.n > 1 ? `; over seeds ${f2(gap.seeds.mean)} ± ${f2(gap.seeds.sd)}` : '';
  return `${shortName(higher)} higher by ${f2(Math.abs(gap.difference))} (${shortName(a)} − ${shortName(b)} = ${f2(gap.difference)} [${f2(gap.lower)}, ${f2(gap.upper)}]${seeds}): ${verdictText(differenceVerdict(gap))}`;
}

function gapLines(study: ValidationStudy, dimension: SimilarityDimension): string[] {
  if (!study.compared) return [];
  const [a, b] = study.compared;
  const lines: string[] = [];
  const gaps = study.gaps.filter((g) => g.dimension === dimension);
  const identical = gaps.filter((g) => g.ari === 1).map((g) => g.minClusterSize);
  for (const gap of gaps.filter((g) => g.ari !== 1)) {
    const ka = study.scored.find((s) => s.method === a && s.minClusterSize === gap.minClusterSize)?.clusters;
    const kb = study.scored.find((s) => s.method === b && s.minClusterSize === gap.minClusterSize)?.clusters;
    const granularity = ka !== kb ? ` This compares ${ka} clusters with ${kb}, and quality depends on the number of clusters: read the matched comparison.` : '';
    lines.push(`At minimum cluster size ${gap.minClusterSize} (${shortName(a)} ${ka} clusters, ${shortName(b)} ${kb}), ${differenceText(a, b, gap)}.${granularity}`);
  }
  if (identical.length > 0) lines.push(`At minimum cluster size ${identical.join(', ')} both methods find the same partition (ARI 1): no difference is possible.`);
  const sameK = study.matched.filter((m) => m.ari === 1).map((m) => m.k);
  for (const m of study.matched.filter((x) => x.ari !== 1)) {
    const gap = m.gaps.find((g) => g.dimension === dimension);
    if (gap) lines.push(`At the same k = ${m.k} (k-means for both), ${differenceText(a, b, gap)}.`);
  }
  if (sameK.length > 0) lines.push(`At k = ${sameK.join(', ')} (k-means) both methods find the same partition.`);
  return lines;
}

/** One sentence: which method differences survive both sources of noise, at matched and at own granularity. */
function summaryOf(study: ValidationStudy): string {
  if (!study.compared) return 'one method only; see the table for each clustering against chance.';
  const [a, b] = study.compared;
  const beyond = (gap: Parameters<typeof differenceVerdict>[0]): boolean => {
    const verdict = differenceVerdict(gap);
    return verdict.pairs && verdict.seeds !== false;
  };
  const matched = study.matched.filter((m) => m.ari !== 1).flatMap((m) => m.gaps.filter(beyond).map((g) => `${g.dimension} at k = ${m.k} (${shortName(g.difference > 0 ? a : b)} higher by ${f2(Math.abs(g.difference))})`));
  const seedsChecked = study.seeds.length > 1 ? 'both the noise of sampling pairs and the variation between seeds' : 'the noise of sampling pairs (seeds not repeated)';
  const atMatched =
    study.matched.length === 0
      ? 'no matched comparison was possible'
      : matched.length === 0
        ? `at equal numbers of clusters, no difference between ${methodName(a)} and ${methodName(b)} exceeds ${seedsChecked}`
        : `at equal numbers of clusters, differences that exceed ${seedsChecked}: ${matched.join('; ')}`;
  const own = study.gaps.filter((g) => g.ari !== 1 && beyond(g));
  const unequal = own.filter((g) => {
    const ka = study.scored.find((s) => s.method === a && s.minClusterSize === g.minClusterSize)?.clusters;
    const kb = study.scored.find((s) => s.method === b && s.minClusterSize === g.minClusterSize)?.clusters;
    return ka !== kb;
  });
  const atOwn =
    unequal.length > 0
      ? ` At their own numbers of clusters the methods differ clearly at minimum size ${[...new Set(unequal.map((g) => g.minClusterSize))].join(', ')} (${[...new Set(unequal.map((g) => shortName(g.difference > 0 ? a : b)))].join(' or ')} higher), but there they split the images into different numbers of clusters, so those differences are about granularity as much as method.`
      : '';
  return `${atMatched}.${atOwn}`;
}

/** The reading, as Markdown bullet lines. */
export function readingOf(study: ValidationStudy, coders: CoderKinds | null | undefined): string[] {
  const lines: string[] = [];
  const names = [...new Set(SIMILARITY_DIMENSIONS.flatMap((d) => study.agreement[d].coders))];
  if (coders && names.some((name) => coders.kinds[name] === 'model')) {
    lines.push('- These ratings come from model coders, not people: the figures say what those models see in the pairs. Repeat the coding with people before citing any of it as validation.');
  }
  const undefinedAlpha = SIMILARITY_DIMENSIONS.filter((d) => study.agreement[d].undefinedReason);
  if (undefinedAlpha.length > 0) {
    lines.push(`- Coders' agreement is undefined (${study.agreement[undefinedAlpha[0]].undefinedReason}): with a single coder the reliability of the ratings is unknown, so every quality below rests on one person's (or model's) judgement.`);
  }
  lines.push(`- In short: ${summaryOf(study)}`);
  for (const dimension of SIMILARITY_DIMENSIONS) {
    const facts = [chanceLine(study, dimension), seedLine(study, dimension)].filter(Boolean);
    if (facts.length > 0) lines.push(`- ${dimension[0].toUpperCase()}${dimension.slice(1)} similarity: ${facts.join('; ')}.`);
    for (const line of gapLines(study, dimension)) lines.push(`  - ${line}`);
  }
  if (study.labelColumns.length > 0) {
    lines.push(`- The label-derived quality (${study.labelColumns.join(', ')}) measures agreement with the existing annotation over every pair; it is a proxy and is reported apart from the coded pairs.`);
  }
  lines.push(
    `- Rules: a quality exceeds chance when its permutation p < ${ALPHA}; a difference exceeds the noise of sampling pairs when its 95% bootstrap interval excludes 0, and the variation between seeds when every seed favours the same method and the mean over seeds is more than twice their sd from 0.`,
  );
  return lines;
}
