/**
 * The files `connote pairs sample` writes, read back wherever pairs are used (serve, pairs import,
 * evaluate). With --blind, `pairs.csv` holds neutral image ids; the key that maps them back is
 * written beside it as `pairs.key.csv`, and the researcher's copy with real ids and the design
 * columns as `pairs.unblinded.csv`. Every reader finds the key the same way, so the coding loop
 * runs on the files as written.
 */
import { existsSync } from 'node:fs';
import { unblindPairs } from './pairs.js';
import { readBlindingKeyCsv, readPairsCsv, type PairRecord } from './pairs-csv.js';

/** `study/pairs.csv` -> `study/pairs.key.csv`: where `pairs sample --blind` puts the key. */
export function blindingKeyPath(pairsPath: string): string {
  return `${pairsPath.replace(/\.csv$/i, '')}.key.csv`;
}

/** `study/pairs.csv` -> `study/pairs.unblinded.csv`: the researcher's copy with real ids. */
export function unblindedPairsPath(pairsPath: string): string {
  return `${pairsPath.replace(/\.csv$/i, '')}.unblinded.csv`;
}

export interface CodingPairs {
  /** The pairs with the project's image ids. */
  readonly pairs: PairRecord[];
  /** The blinding key the ids were mapped back with, or null when the file had real ids. */
  readonly key: string | null;
}

const BLIND_ID = /^img\d{4,}$/;

/**
 * Reads a pairs file and returns it with the project's image ids. Blind ids are mapped back with
 * `key` (default: the key beside the file, if there is one); the design columns (stratum, weight)
 * come from the unblinded copy beside it when there is one. `isKnownImage`, when given, turns ids
 * that look blind but have no key into an error that says where the key was looked for.
 */
export async function readCodingPairs(
  path: string,
  options: { readonly key?: string; readonly isKnownImage?: (id: string) => boolean } = {},
): Promise<CodingPairs> {
  const pairs = await readPairsCsv(path);
  const keyPath = options.key ?? (existsSync(blindingKeyPath(path)) ? blindingKeyPath(path) : null);
  const ids = [...new Set(pairs.flatMap((pair) => [pair.imageA, pair.imageB]))];
  if (!keyPath) {
    const known = options.isKnownImage;
    const blindLooking = known ? ids.filter((id) => !known(id) && BLIND_ID.test(id)) : [];
    if (blindLooking.length > 0) {
      throw new Error(
        `${path}: image ids such as '${blindLooking[0]}' look like the blind ids of connote pairs sample --blind, but no key was found ` +
          `(looked for ${blindingKeyPath(path)}); pass --key with the .key.csv file it wrote`,
      );
    }
    return { pairs, key: null };
  }
  const key = await readBlindingKeyCsv(keyPath);
  const blind = ids.filter((id) => Object.hasOwn(key.images, id));
  if (blind.length === 0 && options.key === undefined) return { pairs, key: null };
  if (blind.length < ids.length) {
    const real = ids.find((id) => !Object.hasOwn(key.images, id));
    throw new Error(`${path}: image '${real}' is not in the blinding key ${keyPath}; a pairs file must use blind ids throughout or not at all`);
  }
  const unblinded = unblindPairs(pairs, key);
  return { pairs: await withDesignColumns(path, unblinded), key: keyPath };
}

/** The unblinded pairs with their stratum and weight from the researcher's copy, when it matches. */
async function withDesignColumns(path: string, unblinded: PairRecord[]): Promise<PairRecord[]> {
  const copyPath = unblindedPairsPath(path);
  if (!existsSync(copyPath)) return unblinded;
  const copy = new Map((await readPairsCsv(copyPath)).map((pair) => [pair.pairId, pair]));
  return unblinded.map((pair) => {
    const full = copy.get(pair.pairId);
    if (!full || full.imageA !== pair.imageA || full.imageB !== pair.imageB) {
      throw new Error(`${copyPath} does not match ${path} (pair '${pair.pairId}'); they must come from the same connote pairs sample`);
    }
    return full;
  });
}
