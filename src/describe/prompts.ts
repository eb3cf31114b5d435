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

/** Resolves `--prompt NAME` or `--prompt-file PATH` to a prompt. */
export function resolvePrompt(options: { prompt?: string; promptFile?: string }): Prompt {
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
