import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CsvRowError,
  formatBlindingKeyCsv,
  formatPairsCsv,
  formatRatingsCsv,
  parseBlindingKeyCsv,
  parsePairsCsv,
  parseRatingsCsv,
  readPairsCsv,
  readRatingsCsv,
  writePairsCsv,
  writeRatingsCsv,
} from '../../../src/evaluate/coding/pairs-csv.js';
import { samplePairs } from '../../../src/evaluate/coding/pairs.js';

describe('pairs CSV', () => {
  it('reads the bundled climate-demo pairs', () => {
    const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
    expect(pairs).toHaveLength(160);
    expect(pairs[0]).toEqual({
      pairId: 'p001',
      imageA: 'nasa-07-nasa-eic-spaceforearth-blackmarble',
      imageB: 'nasa-splash',
    });
  });

  it('round-trips sampled pairs with their strata, and plain pairs without', () => {
    const clustering = new Map<string, number>([
      ['a', 0], ['b', 0], ['c', 1], ['d', 1], ['e', -1], ['f', 0],
    ]);
    const sample = samplePairs({ main: clustering }, { count: 4, seed: 1 });
    const text = formatPairsCsv(sample.pairs);
    expect(text.split('\n')[0]).toBe('pair_id,image_a,image_b,stratum,clustering');
    expect(parsePairsCsv(text, 'x.csv')).toEqual(sample.pairs);
    const plain = [{ pairId: 'p1', imageA: 'has,comma', imageB: 'has "quote"' }];
    expect(formatPairsCsv(plain).split('\n')[0]).toBe('pair_id,image_a,image_b');
    expect(parsePairsCsv(formatPairsCsv(plain), 'x.csv')).toEqual(plain);
  });

  it('names the file, line and reason for bad rows', () => {
    const header = 'pair_id,image_a,image_b\n';
    expect(() => parsePairsCsv('pair,image_a,image_b\n', 'p.csv')).toThrow('p.csv:1: header lacks column(s) pair_id');
    expect(() => parsePairsCsv(`${header}p1,a,b\np1,c,d\n`, 'p.csv')).toThrow("p.csv:3: pair_id 'p1' already used on line 2");
    expect(() => parsePairsCsv(`${header}p1,a,a\n`, 'p.csv')).toThrow("p.csv:2: pair 'p1' shows image 'a' against itself");
    expect(() => parsePairsCsv(`${header}p1,a\n`, 'p.csv')).toThrow('p.csv:2: expected 3 fields as in the header, found 2');
    expect(() => parsePairsCsv(`${header}p1,,b\n`, 'p.csv')).toThrow('p.csv:2: empty image_a');
    expect(() => parsePairsCsv(`${header}p1,"a,b\n`, 'p.csv')).toThrow(/^p\.csv:\d+: not valid CSV/);
    expect(() => parsePairsCsv('', 'p.csv')).toThrow(CsvRowError);
  });
});

describe('ratings CSV', () => {
  it('reads the bundled climate-demo ratings: 160 pairs by two coders', () => {
    const pairs = parsePairsCsv(readFileSync('examples/climate-demo/pairs.csv', 'utf8'), 'pairs.csv');
    const ratings = parseRatingsCsv(readFileSync('examples/climate-demo/ratings.csv', 'utf8'), 'ratings.csv', {
      pairIds: pairs.map((pair) => pair.pairId),
    });
    expect(ratings).toHaveLength(320);
    expect(new Set(ratings.map((r) => r.coder))).toEqual(new Set(['coder1', 'coder2']));
    expect(ratings[0]).toEqual({ pairId: 'p001', coder: 'coder1', denotative: 2, connotative: 2 });
  });

  it('reads empty cells and NA as missing and writes missing as empty', () => {
    const text = 'pair_id,coder,denotative,connotative\np1,ann,3,\np1,bob,NA,1\n';
    const ratings = parseRatingsCsv(text, 'r.csv');
    expect(ratings).toEqual([
      { pairId: 'p1', coder: 'ann', denotative: 3, connotative: null },
      { pairId: 'p1', coder: 'bob', denotative: null, connotative: 1 },
    ]);
    expect(formatRatingsCsv(ratings)).toBe('pair_id,coder,denotative,connotative\np1,ann,3,\np1,bob,,1\n');
  });

  it('names the file, line and reason for bad ratings', () => {
    const header = 'pair_id,coder,denotative,connotative\n';
    expect(() => parseRatingsCsv(`${header}p1,ann,4,1\n`, 'r.csv')).toThrow(
      "r.csv:2: denotative must be a whole number from 1 to 3 or empty, got '4'",
    );
    expect(() => parseRatingsCsv(`${header}p1,ann,2.5,1\n`, 'r.csv')).toThrow(/r\.csv:2: denotative must be a whole number/);
    expect(() => parseRatingsCsv(`${header}p1,ann,1,x\n`, 'r.csv')).toThrow(/r\.csv:2: connotative must be a whole number/);
    expect(() => parseRatingsCsv(`${header}p1,ann,1,1\np1,ann,2,2\n`, 'r.csv')).toThrow(
      "r.csv:3: coder 'ann' already rated pair 'p1' on line 2",
    );
    expect(() => parseRatingsCsv(`${header}p9,ann,1,1\n`, 'r.csv', { pairIds: ['p1'] })).toThrow(
      "r.csv:2: pair_id 'p9' is not among the pairs",
    );
    expect(() => parseRatingsCsv(`${header},ann,1,1\n`, 'r.csv')).toThrow('r.csv:2: empty pair_id');
    expect(() => parseRatingsCsv('pair_id,coder,denotative\n', 'r.csv')).toThrow('r.csv:1: header lacks column(s) connotative');
  });

  it('accepts another scale when asked', () => {
    const ratings = parseRatingsCsv('pair_id,coder,denotative,connotative\np1,ann,7,1\n', 'r.csv', { scale: { min: 1, max: 7 } });
    expect(ratings[0].denotative).toBe(7);
  });

  it('writes and reads files, naming the path when it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connote-pairs-'));
    const pairs = [{ pairId: 'p1', imageA: 'a', imageB: 'b' }];
    const ratings = [{ pairId: 'p1', coder: 'ann', denotative: 1, connotative: null }];
    await writePairsCsv(join(dir, 'pairs.csv'), pairs);
    await writeRatingsCsv(join(dir, 'ratings.csv'), ratings);
    expect(await readPairsCsv(join(dir, 'pairs.csv'))).toEqual(pairs);
    expect(await readRatingsCsv(join(dir, 'ratings.csv'))).toEqual(ratings);
    await expect(readPairsCsv(join(dir, 'missing.csv'))).rejects.toThrow(/cannot read .*missing\.csv/);
  });
});

describe('blinding key CSV', () => {
  it('round-trips and refuses an id mapped twice', () => {
    const key = { images: { img0001: 'real-a', img0002: 'real-b' } };
    expect(parseBlindingKeyCsv(formatBlindingKeyCsv(key), 'k.csv')).toEqual(key);
    expect(() => parseBlindingKeyCsv('blind_image_id,image_id\nimg1,a\nimg2,a\n', 'k.csv')).toThrow(
      "k.csv:3: image_id 'a' already blinded on line 2",
    );
  });
});
