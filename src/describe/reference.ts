import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { sha256 } from '../util/hash.js';
import type { DescribeOutcome, DescribeRequest, Describer, DescriberOptions } from './types.js';

/**
 * Descriptions written earlier (by a model, or by people) and shipped as JSONL, one
 * `{"id", "prompt", "text"}` object a line. This is how the bundled example runs offline,
 * and how a team reuses descriptions made with another tool.
 *
 * Settings: `file` (one JSONL file), or `files` (prompt name -> JSONL file); lines whose
 * `prompt` differs from the chosen prompt's name are ignored. Texts belong to items (ids): two
 * byte-identical images with different texts keep both (see itemsByText).
 */
export function createReferenceDescriber(options: DescriberOptions): Describer {
  const paths = referenceFiles(options);
  const texts = new Map<string, string>();
  const lineOf = new Map<string, string>();
  const fingerprints: string[] = [];
  for (const path of paths) {
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`cannot read reference descriptions ${path}: ${(error as Error).message}`);
    }
    fingerprints.push(`${basename(path)}@${sha256(content).slice(0, 12)}`);
    content.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let entry: { id?: unknown; prompt?: unknown; text?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch (error) {
        throw new Error(`${path} line ${index + 1}: not valid JSON (${(error as Error).message})`);
      }
      if (typeof entry.id !== 'string' || typeof entry.text !== 'string') {
        throw new Error(`${path} line ${index + 1}: needs string fields "id" and "text"`);
      }
      if (entry.prompt !== undefined && entry.prompt !== options.prompt.name) return;
      const earlier = lineOf.get(entry.id);
      if (earlier && texts.get(entry.id) !== entry.text) {
        throw new Error(`${path} line ${index + 1}: id '${entry.id}' already has a different '${options.prompt.name}' text (${earlier}); keep one`);
      }
      texts.set(entry.id, entry.text);
      lineOf.set(entry.id, `${path} line ${index + 1}`);
    });
  }
  const describer: Describer = {
    name: 'reference',
    prompt: options.prompt,
    signature: { describer: 'reference', model: fingerprints.join('+'), params: {} },
    async *describe(requests: readonly DescribeRequest[]): AsyncIterable<DescribeOutcome> {
      for (const request of requests) {
        const groups = itemsByText(request.ids, texts);
        if (groups.size === 0) {
          yield {
            kind: 'failure',
            imageHash: request.imageHash,
            message: `no '${options.prompt.name}' description for ${request.ids.join(', ')} in ${paths.join(', ')}`,
          };
          continue;
        }
        for (const [text, itemIds] of groups) {
          yield { kind: 'description', imageHash: request.imageHash, itemIds, status: text ? 'ok' : 'empty', text };
        }
      }
    },
  };
  return describer;
}

/**
 * The items of one image grouped by their text. Reference descriptions belong to items, not to
 * bytes: byte-identical files with different texts (one meme posted twice, captioned by two
 * annotators) keep each text. An item without a line of its own shares the text of the first
 * item of the same image that has one, as a duplicate shares its image's description.
 */
function itemsByText(ids: readonly string[], texts: ReadonlyMap<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const without: string[] = [];
  for (const id of ids) {
    const text = texts.get(id);
    if (text === undefined) without.push(id);
    else groups.set(text.trim(), [...(groups.get(text.trim()) ?? []), id]);
  }
  const first = groups.values().next();
  if (!first.done) first.value.push(...without);
  return groups;
}

function referenceFiles(options: DescriberOptions): string[] {
  const { file, files } = options.settings as { file?: unknown; files?: unknown };
  if (typeof file === 'string') return [resolve(options.baseDir, file)];
  if (files && typeof files === 'object') {
    const chosen = (files as Record<string, unknown>)[options.prompt.name];
    if (typeof chosen !== 'string') {
      throw new Error(
        `the reference describer has no file for prompt '${options.prompt.name}' (it has: ${Object.keys(files).join(', ')})`,
      );
    }
    return [resolve(options.baseDir, chosen)];
  }
  throw new Error("the reference describer needs a 'file' (JSONL) or 'files' (prompt name -> JSONL) setting");
}
