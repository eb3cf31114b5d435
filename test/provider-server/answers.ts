import { sha256 } from '../../src/util/hash.js';
import { createRandom } from '../../src/util/random.js';

/**
 * Deterministic answers: the same image bytes and prompt always give the same description,
 * and the same text the same embedding, so a test can check that every answer reached the
 * image it belongs to (no cross-wiring under concurrency, retries or batches).
 */
const WORDS = [
  'protest', 'banner', 'crowd', 'flag', 'slogan', 'river', 'flood', 'smoke', 'factory', 'forest', 'ice', 'heat', 'street',
  'poster', 'cartoon', 'politician', 'children', 'sign', 'sun', 'storm', 'solar', 'wind', 'coal', 'city', 'map', 'chart',
  'irony', 'hope', 'anger', 'fear', 'humour', 'urgency', 'solidarity', 'denial', 'science', 'future', 'planet', 'earth',
];

/** The text the server answers for an image (its decoded bytes) and a prompt. */
export function describeForTest(imageBytes: Uint8Array, promptText: string): string {
  const digest = sha256(Buffer.concat([Buffer.from(imageBytes), Buffer.from(`\n${promptText}`)]));
  const random = createRandom(parseInt(digest.slice(0, 8), 16));
  const words = Array.from({ length: 40 }, () => WORDS[random.int(WORDS.length)]);
  return `Image ${digest.slice(0, 12)}: ${words.join(' ')}.`;
}

/** A unit vector of `dims` dimensions derived from the text's hash. */
export function embedForTest(text: string, dims: number): Float32Array {
  const random = createRandom(parseInt(sha256(text).slice(0, 8), 16));
  const out = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    out[i] = random.normal();
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dims; i++) out[i] /= norm;
  return out;
}

/** Default output size of a few embedding models. */
export function defaultDimensions(model: string): number {
  if (model === 'text-embedding-3-large') return 3072;
  if (model.startsWith('text-embedding-')) return 1536;
  return 768;
}
