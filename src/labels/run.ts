import { ProviderFatalError } from '../providers/errors.js';
import type { CachedLabelAnswer, Store } from '../store/index.js';
import type { StageContext } from '../types/context.js';
import { canonicalJson, sha256 } from '../util/hash.js';
import { keywordName } from './keywords.js';
import type { ClusterLabeler, ClusterName, ClusterToName, LabelAnswer, SiblingToRename } from './types.js';

/** Where a cluster's name came from. */
export type NameSource = 'model' | 'cache' | 'keywords';

export interface NamedCluster extends ClusterName {
  readonly label: number;
  readonly source: NameSource;
}

export interface LabelStageResult {
  /** One per cluster asked about, in their order. */
  readonly names: readonly NamedCluster[];
  /** Requests sent (answers not found in the cache). */
  readonly requests: number;
  /** Answers read from the cache. */
  readonly cached: number;
  readonly usage: { inputTokens: number; outputTokens: number; costUsd: number };
  /** Clusters that got their keywords as a name because the model gave no usable answer. */
  readonly failures: ReadonlyArray<{ label: number; message: string }>;
  /** Clusters renamed so that no two siblings share a name. */
  readonly renamed: number;
}

/** The cache key of one request: the labeler, its prompt, and everything the model is shown. */
export function labelCacheKey(labeler: ClusterLabeler, kind: 'name' | 'distinguish', inputs: unknown): string {
  const prompt = kind === 'name' ? labeler.prompts.name : labeler.prompts.distinguish;
  return sha256(canonicalJson({ kind, labeler: labeler.signature, prompt: prompt.hash, inputs }));
}

const nameInputs = (c: ClusterToName) => ({ keywords: c.keywords, descriptions: c.descriptions, size: c.size });

/** The clusters whose names are not in the cache yet: what naming them would send (for estimates). */
export function uncachedClusters(clusters: readonly ClusterToName[], labeler: ClusterLabeler, store: Store): ClusterToName[] {
  return clusters.filter((c) => !store.labelCache.has(labelCacheKey(labeler, 'name', nameInputs(c))));
}

/**
 * Names `clusters` (the siblings of one clustering): each from the cache or by one request,
 * committed as it arrives, as many at once as the labeler allows; then, where names came out
 * alike, one renaming request for those siblings (cached too); a name still shared after that
 * gets its first keyword that it lacks. A cluster the model could not name (retries exhausted,
 * no JSON) is named by its keywords and asked again on the next run. A fatal provider error
 * (bad key, unknown model) stops everything.
 */
export async function labelClusters(
  clusters: readonly ClusterToName[],
  labeler: ClusterLabeler,
  store: Store,
  ctx: StageContext,
): Promise<LabelStageResult> {
  const tally = { requests: 0, cached: 0, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } };
  const cachedOrAsk = async <T>(kind: 'name' | 'distinguish', inputs: unknown, ask: () => Promise<LabelAnswer<T>>, revive: (a: unknown) => T) => {
    const key = labelCacheKey(labeler, kind, inputs);
    const hit = store.labelCache.get(key);
    if (hit) {
      tally.cached++;
      return { value: revive(hit.answer), source: 'cache' as const };
    }
    tally.requests++;
    const answer = await ask();
    tally.usage.inputTokens += answer.usage?.inputTokens ?? 0;
    tally.usage.outputTokens += answer.usage?.outputTokens ?? 0;
    tally.usage.costUsd += answer.costUsd ?? 0;
    store.labelCache.put(key, cacheEntry(labeler, kind, answer));
    return { value: answer.value, source: 'model' as const };
  };

  const failures: Array<{ label: number; message: string }> = [];
  const task = ctx.progress.start(`Naming clusters (${labeler.name}, ${labeler.signature.model})`, clusters.length, 'clusters');
  const names = await mapLimited(clusters, Math.max(1, labeler.concurrency), async (cluster): Promise<NamedCluster> => {
    try {
      const { value, source } = await cachedOrAsk('name', nameInputs(cluster), () => labeler.nameCluster(cluster, ctx), (a) => a as ClusterName);
      return { label: cluster.label, ...value, source };
    } catch (error) {
      if (error instanceof ProviderFatalError || ctx.signal.aborted) throw error;
      failures.push({ label: cluster.label, message: (error as Error).message });
      ctx.logger.warn(`cluster ${cluster.label}: no usable name from ${labeler.signature.model} (${(error as Error).message}); named by its keywords`);
      return { label: cluster.label, ...keywordName(cluster), source: 'keywords' };
    } finally {
      task.tick(1);
    }
  });
  task.done();

  const renamed = await distinguishSiblings(names, clusters, labeler, ctx, (inputs, ask) =>
    cachedOrAsk('distinguish', inputs, ask, (a) => new Map(Object.entries(a as Record<string, string>).map(([k, v]) => [Number(k), v]))),
  );
  return { names: renamed.names, ...tally, failures, renamed: renamed.count };
}

function cacheEntry<T>(labeler: ClusterLabeler, kind: 'name' | 'distinguish', answer: LabelAnswer<T>): CachedLabelAnswer {
  const value = answer.value instanceof Map ? Object.fromEntries(answer.value) : answer.value;
  return {
    kind,
    labeler: labeler.signature.labeler,
    model: labeler.signature.model,
    promptHash: (kind === 'name' ? labeler.prompts.name : labeler.prompts.distinguish).hash,
    answer: value,
    inputTokens: answer.usage?.inputTokens ?? null,
    outputTokens: answer.usage?.outputTokens ?? null,
    costUsd: answer.costUsd ?? null,
    responseModel: answer.responseModel ?? null,
  };
}

/**
 * How alike two names must be to count as the same: equal after lowercasing, dropping
 * punctuation and a plural -s, in any word order ("Climate protests" and "protest, climate").
 */
export function nameKey(name: string): string {
  const words = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)))].sort().join(' ');
}

/** Groups of siblings whose names count as the same. */
export function clashingGroups(names: readonly Pick<NamedCluster, 'label' | 'name'>[]): number[][] {
  const byKey = new Map<string, number[]>();
  for (const n of names) byKey.set(nameKey(n.name), [...(byKey.get(nameKey(n.name)) ?? []), n.label]);
  return [...byKey.values()].filter((group) => group.length > 1);
}

type AskCached = (inputs: unknown, ask: () => Promise<LabelAnswer<Map<number, string>>>) => Promise<{ value: Map<number, string> }>;

async function distinguishSiblings(
  names: readonly NamedCluster[],
  clusters: readonly ClusterToName[],
  labeler: ClusterLabeler,
  ctx: StageContext,
  cachedOrAsk: AskCached,
): Promise<{ names: NamedCluster[]; count: number }> {
  let current = [...names];
  const groups = clashingGroups(current);
  if (groups.length === 0) return { names: current, count: 0 };
  const keywordsOf = new Map(clusters.map((c) => [c.label, c.keywords]));
  const clashingLabels = new Set(groups.flat());
  const clashing: SiblingToRename[] = current
    .filter((n) => clashingLabels.has(n.label))
    .map((n) => ({ label: n.label, name: n.name, description: n.description, keywords: keywordsOf.get(n.label) ?? [] }));
  const taken = current.filter((n) => !clashingLabels.has(n.label)).map((n) => n.name);
  try {
    const { value } = await cachedOrAsk({ clashing, taken }, () => labeler.distinguish(clashing, taken, ctx));
    current = current.map((n) => (value.has(n.label) ? { ...n, name: value.get(n.label)! } : n));
  } catch (error) {
    if (error instanceof ProviderFatalError || ctx.signal.aborted) throw error;
    ctx.logger.warn(`renaming clusters with alike names failed (${(error as Error).message}); their keywords tell them apart instead`);
  }
  current = separateByKeywords(current, keywordsOf);
  const count = current.filter((n, i) => n.name !== names[i].name).length;
  return { names: current, count };
}

/** Last resort: a name still shared gets its first keyword it lacks, then its label, until all differ. */
function separateByKeywords(names: NamedCluster[], keywordsOf: ReadonlyMap<number, readonly string[]>): NamedCluster[] {
  const out = [...names];
  for (const group of clashingGroups(out)) {
    const used = new Set(out.map((n) => nameKey(n.name)));
    for (const label of group.slice(1)) {
      const i = out.findIndex((n) => n.label === label);
      const extra = (keywordsOf.get(label) ?? []).find((k) => !used.has(nameKey(`${out[i].name} ${k}`)) && !nameKey(out[i].name).includes(nameKey(k)));
      const name = extra ? `${out[i].name} (${extra})` : `${out[i].name} (${label})`;
      out[i] = { ...out[i], name };
      used.add(nameKey(name));
    }
  }
  return out;
}

/** Maps `items` with at most `limit` calls in flight, keeping their order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
