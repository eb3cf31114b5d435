import { describe, expect, it } from 'vitest';
import { corpusRows } from '../../src/pipeline/steps/describe.js';
import { rowsKey } from '../../src/pipeline/steps/features.js';

describe('the rows of an analysis', () => {
  it('are keyed by image and text, so new descriptions of the same images never reuse an old reduction', () => {
    const rows = (text: string) => [
      { hash: 'h1', itemIds: ['a'], text },
      { hash: 'h2', itemIds: ['b'], text: 'the same' },
    ];
    expect(rowsKey(rows('a flooded street'))).toBe(rowsKey(rows('a flooded street')));
    // An embedder's key names the model only: a new prompt over the same images must still give a new key.
    expect(rowsKey(rows('a flooded street'))).not.toBe(rowsKey(rows('despair at inaction')));
  });

  it('are one per image and text: duplicates share a row, items with texts of their own split it', () => {
    const images = [
      { hash: 'h1', path: 'a.jpg', items: [{ id: 'a' }, { id: 'a-copy' }] },
      { hash: 'h2', path: 'm.jpg', items: [{ id: 'meme-1' }, { id: 'meme-2' }, { id: 'meme-3' }] },
      { hash: 'h3', path: 'x.jpg', items: [{ id: 'x' }] },
    ] as unknown as Parameters<typeof corpusRows>[0];
    const texts = new Map([['h1', 'shared by the duplicate']]);
    const itemTexts = new Map([
      ['meme-1', 'caption A'],
      ['meme-2', 'caption B'],
      ['meme-3', 'caption A'],
    ]);
    expect(corpusRows(images, { texts, itemTexts })).toEqual([
      { hash: 'h1', itemIds: ['a', 'a-copy'], text: 'shared by the duplicate' },
      { hash: 'h2', itemIds: ['meme-1', 'meme-3'], text: 'caption A' },
      { hash: 'h2', itemIds: ['meme-2'], text: 'caption B' },
      // h3 has no usable description: no row.
    ]);
  });
});
