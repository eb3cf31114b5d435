import { expect, test } from 'vitest';
import { decodeEmbedding, groupTexts } from '../../src/providers/embedding-batches.js';

test('texts are packed in order under the input and token limits', () => {
  const texts = Array.from({ length: 10 }, (_, i) => 'x'.repeat(30 * (i + 1))); // 10, 20, ..., 100 cautious tokens
  const groups = groupTexts(texts, 4, 150);
  expect(groups.map((g) => [g.start, g.texts.length])).toEqual([[0, 4], [4, 2], [6, 2], [8, 1], [9, 1]]);
  expect(groups.flatMap((g) => g.texts)).toEqual(texts);
  expect(groupTexts(['x'.repeat(3000)], 10, 100)).toEqual([{ start: 0, texts: ['x'.repeat(3000)] }]);
  expect(groupTexts([], 10, 100)).toEqual([]);
});

test('embeddings decode from base64 (little-endian float32) or a float list', () => {
  const vector = new Float32Array([0.5, -1.25, 3]);
  const base64 = Buffer.from(vector.buffer).toString('base64');
  expect(Array.from(decodeEmbedding(base64)!)).toEqual([0.5, -1.25, 3]);
  expect(Array.from(decodeEmbedding([0.5, -1.25, 3])!)).toEqual([0.5, -1.25, 3]);
  expect(decodeEmbedding('abc')).toBeUndefined();
  expect(decodeEmbedding([1, 'x'])).toBeUndefined();
  expect(decodeEmbedding(null)).toBeUndefined();
});
