import { readFileSync } from 'node:fs';
import { sha256 } from '../util/hash.js';

/**
 * A prompt is recorded with its name, version and the SHA-256 of its exact text: the text,
 * not the name, is what the cache and run.json key on, so editing a prompt never reuses
 * descriptions written for the old wording.
 */
export interface Prompt {
  readonly name: string;
  readonly version: number;
  readonly text: string;
  readonly hash: string;
}

export function makePrompt(name: string, text: string, version = 1): Prompt {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new Error(`prompt '${name}' is empty`);
  return { name, version, text: trimmed, hash: sha256(trimmed) };
}

/** Arminio et al. (2025): describe what the image means (connotation). */
const CONNOTATIVE = "You are helping social scientists study images shared in public debate. Write one paragraph (80 to 150 words) about what this image means, not only what it shows. Cover: the issue, message or theme it conveys; the symbols, cultural or political references it uses; any text visible in the image, quoted exactly; its emotional tone and any stance it takes; and who would typically share it and why. Mention visible elements only as far as they carry that meaning. Do not invent details the image does not support; where the meaning is ambiguous, say so. Answer with the paragraph only.";

/** The control prompt: what is visibly depicted (denotation). */
const DENOTATIVE = "Describe only what is visibly depicted in this image, in one paragraph of 60 to 100 words: the objects, people, setting, colours, composition and any visible text, quoted exactly. Do not interpret its meaning, message, symbolism or purpose. Answer with the paragraph only.";

export const BUILT_IN_PROMPTS: Readonly<Record<string, Prompt>> = {
  connotative: makePrompt('connotative', CONNOTATIVE),
  denotative: makePrompt('denotative', DENOTATIVE),
};

/** Resolves `--prompt NAME`, `--prompt-file PATH` or `--criterion TEXT` to a prompt. */
export function resolvePrompt(options: { prompt?: string; promptFile?: string; criterion?: string }): Prompt {
  if (options.criterion !== undefined) {
    if (options.promptFile || options.prompt) throw new Error('give either --criterion or --prompt/--prompt-file, not both');
    return criterionPrompt(options.criterion);
  }
  if (options.promptFile) {
    let text: string;
    try {
      text = readFileSync(options.promptFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read prompt file ${options.promptFile}: ${(error as Error).message}`);
    }
    const name = options.prompt && !BUILT_IN_PROMPTS[options.prompt] ? options.prompt : `file:${options.promptFile}`;
    return makePrompt(name, text);
  }
  const name = options.prompt ?? 'connotative';
  const prompt = BUILT_IN_PROMPTS[name];
  if (!prompt) {
    throw new Error(`unknown prompt '${name}'; built-in prompts are ${Object.keys(BUILT_IN_PROMPTS).join(', ')}, or pass --prompt-file`);
  }
  return prompt;
}

/**
 * A prompt that describes images with respect to one criterion the researcher chose (e.g.
 * "the emotion conveyed", "the political stance"), so the clusters follow that criterion:
 * the first step of image clustering conditioned on text criteria.
 * @see Kwon et al. (2024), "Image Clustering Conditioned on Text Criteria" (IC|TC), ICLR.
 */
export function criterionPrompt(criterion: string): Prompt {
  const trimmed = criterion.replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) throw new Error('the criterion is empty; say what the images should be grouped by, e.g. "the emotion conveyed"');
  if (trimmed.length > 300) throw new Error(`the criterion is ${trimmed.length} characters long; keep it under 300 (one phrase)`);
  const text = `You are helping social scientists group images by a criterion they chose: ${trimmed}. Write one paragraph (60 to 120 words) that describes this image with respect to that criterion only: what the image shows or conveys that bears on it, including any visible text that is relevant, quoted exactly. Mention other aspects only where they inform the criterion. If the image says nothing about the criterion, say so in one sentence. Do not invent details the image does not support. Answer with the paragraph only.`;
  return makePrompt(`criterion:${trimmed}`, text, CRITERION_PROMPT_VERSION);
}

/** Raised whenever the wording of criterion prompts changes. */
export const CRITERION_PROMPT_VERSION = 1;
