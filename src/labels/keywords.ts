import { sha256 } from '../util/hash.js';
import type { ClusterLabeler, ClusterName, ClusterToName, LabelerOptions, SiblingToRename } from './types.js';

/** Keywords that make up a name. */
const NAME_TERMS = 3;

const list = (terms: readonly string[]): string =>
  terms.length <= 1 ? (terms[0] ?? '') : `${terms.slice(0, -1).join(', ')} and ${terms[terms.length - 1]}`;

/** A cluster named by its top keywords, offline and free: what a reader sees without any model. */
export function keywordName(cluster: Pick<ClusterToName, 'keywords' | 'label'>): ClusterName {
  const top = cluster.keywords.slice(0, NAME_TERMS);
  if (top.length === 0) return { name: `Cluster ${cluster.label}`, description: 'A cluster whose descriptions share no distinctive words.', criteria: 'None can be stated from keywords alone.' };
  return {
    name: top.join(' · '),
    description: `Images whose descriptions speak most distinctively of ${list(top)}.`,
    criteria: `An image belongs here when its description is chiefly about ${list(cluster.keywords.slice(0, 5)).replace(/ and ([^,]*)$/, ' or $1')}.`,
  };
}

/**
 * The `keywords` labeler: names each cluster by its top three c-TF-IDF keywords, with no model and
 * no network. Siblings with the same name get the first keyword of their own that the name lacks.
 */
export function createKeywordLabeler(_options: LabelerOptions): ClusterLabeler {
  const promptText = `top ${NAME_TERMS} c-TF-IDF keywords`;
  const prompt = { name: 'keywords', text: promptText, hash: sha256(promptText) };
  return {
    name: 'keywords',
    signature: { labeler: 'keywords', model: 'c-tf-idf', params: { terms: NAME_TERMS } },
    prompts: { name: prompt, distinguish: prompt },
    concurrency: 1,
    nameCluster: async (cluster) => ({ value: keywordName(cluster) }),
    distinguish: async (clashing: readonly SiblingToRename[]) => {
      const out = new Map<number, string>();
      for (const c of clashing) {
        const extra = c.keywords.find((k) => !c.name.toLowerCase().includes(k.toLowerCase()));
        out.set(c.label, extra ? `${c.name} · ${extra}` : c.name);
      }
      return { value: out };
    },
  };
}
