import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blindingKeyPath, readCodingPairs, unblindedPairsPath } from '../../../src/evaluate/coding/pair-files.js';
import { blindPairs } from '../../../src/evaluate/coding/pairs.js';
import { formatBlindingKeyCsv, formatPairsCsv, parsePairsCsv } from '../../../src/evaluate/coding/pairs-csv.js';
import { tempDir } from '../../support/temp.js';

const real = [
  { pairId: 'p1', imageA: 'flood-1', imageB: 'protest-2', designStratum: 'same/different', weight: 12.5, design: 'a | b' },
  { pairId: 'p2', imageA: 'flood-3', imageB: 'flood-1', designStratum: 'same/same', weight: 3, design: 'a | b' },
];

describe('reading the files pairs sample writes', () => {
  it('maps blind ids back with the key beside the file, and takes the design columns from the unblinded copy', async () => {
    const dir = tempDir();
    const path = join(dir, 'pairs.csv');
    const blind = blindPairs(real, { seed: 1 });
    writeFileSync(path, formatPairsCsv(blind.pairs));
    writeFileSync(blindingKeyPath(path), formatBlindingKeyCsv(blind.key));
    expect(blindingKeyPath(path)).toBe(join(dir, 'pairs.key.csv'));
    const withoutCopy = await readCodingPairs(path);
    expect(withoutCopy.key).toBe(join(dir, 'pairs.key.csv'));
    expect(withoutCopy.pairs).toEqual(real.map(({ pairId, imageA, imageB }) => ({ pairId, imageA, imageB })));
    writeFileSync(unblindedPairsPath(path), formatPairsCsv(real));
    expect((await readCodingPairs(path)).pairs).toEqual(real);
  });

  it('reads real ids as they are, and explains blind ids without a key', async () => {
    const dir = tempDir();
    const path = join(dir, 'mine.csv');
    writeFileSync(path, formatPairsCsv(real));
    expect(await readCodingPairs(path)).toEqual({ pairs: real, key: null });
    writeFileSync(path, 'pair_id,image_a,image_b\np1,img0001,img0002\n');
    await expect(readCodingPairs(path, { isKnownImage: () => false })).rejects.toThrow(/look like the blind ids .*\(looked for .*mine\.key\.csv\); pass --key/);
  });

  it('refuses a file that mixes blind and real ids', async () => {
    const dir = tempDir();
    const path = join(dir, 'pairs.csv');
    const blind = blindPairs(real, { seed: 1 });
    writeFileSync(path, `pair_id,image_a,image_b\np1,${blind.pairs[0].imageA},flood-9\n`);
    writeFileSync(blindingKeyPath(path), formatBlindingKeyCsv(blind.key));
    await expect(readCodingPairs(path)).rejects.toThrow(/image 'flood-9' is not in the blinding key/);
  });

  it('writes and reads the design columns of a stratified sample, and refuses a bad weight', () => {
    expect(parsePairsCsv(formatPairsCsv(real), 'x.csv')).toEqual(real);
    expect(() => parsePairsCsv('pair_id,image_a,image_b,design_stratum,weight\np1,a,b,same,-1\n', 'x.csv')).toThrow('x.csv:2: weight must be a positive number');
    expect(() => parsePairsCsv('pair_id,image_a,image_b,weight\np1,a,b,1\n', 'x.csv')).toThrow(/needs both columns design_stratum and weight/);
  });
});
