import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../util/hash.js';
import type { ClusterToName, LabelPrompt, SiblingToRename } from './types.js';

export type LabelPromptKind = 'name' | 'distinguish';

/** Placeholders each prompt must contain: without them the model would not see the cluster. */
const REQUIRED: Readonly<Record<LabelPromptKind, readonly string[]>> = {
  name: ['{{descriptions}}'],
  distinguish: ['{{clusters}}'],
};

/** The folder of the shipped prompts (prompts/labels beside package.json), from src/ or dist/. */
export function shippedPromptDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'prompts', 'labels');
    if (existsSync(join(candidate, 'name.txt'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('the shipped label prompts (prompts/labels/*.txt) are missing from this installation of connote');
}

/**
 * A label prompt: the user's file when given, else the shipped one. The text, not the file
 * name, is what answers are cached under, so editing a prompt never reuses names written for
 * the old wording.
 */
export function loadLabelPrompt(kind: LabelPromptKind, file?: string | null): LabelPrompt {
  const path = file ?? join(shippedPromptDir(), `${kind}.txt`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read the ${kind} prompt ${path}: ${(error as Error).message}`);
  }
  const missing = REQUIRED[kind].filter((placeholder) => !text.includes(placeholder));
  if (missing.length > 0) {
    throw new Error(`the ${kind} prompt ${path} lacks ${missing.join(', ')}: the model would not see the clusters it is asked about`);
  }
  return { name: file ? `file:${file}` : `connote:${kind}`, text, hash: sha256(text) };
}

const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);

/** Longest description shown, in characters: a sample of many long paragraphs must fit the context. */
export const MAX_DESCRIPTION_CHARS = 800;

const clip = (text: string): string => (text.length > MAX_DESCRIPTION_CHARS ? `${text.slice(0, MAX_DESCRIPTION_CHARS)}…` : text);

/** The naming prompt for one cluster: {{keywords}}, {{descriptions}}, {{count}}, {{size}}. */
export function renderNamePrompt(prompt: LabelPrompt, cluster: ClusterToName): string {
  return fill(prompt.text, {
    keywords: cluster.keywords.join(', '),
    descriptions: cluster.descriptions.map((text, i) => `${i + 1}. ${clip(text.replace(/\s+/g, ' ').trim())}`).join('\n'),
    count: String(cluster.descriptions.length),
    size: String(cluster.size),
  });
}

/** The id a cluster goes by in the renaming prompt and its answer, e.g. c3. */
export const siblingId = (label: number): string => `c${label}`;

/** The renaming prompt: {{clusters}} (id, name, description, keywords) and {{taken}}. */
export function renderDistinguishPrompt(prompt: LabelPrompt, clashing: readonly SiblingToRename[], taken: readonly string[]): string {
  const clusters = clashing
    .map((c) => `${siblingId(c.label)}: "${c.name}". ${c.description} Keywords: ${c.keywords.join(', ')}.`)
    .join('\n');
  return fill(prompt.text, { clusters, taken: taken.length > 0 ? taken.map((t) => `"${t}"`).join(', ') : '(none)' });
}
