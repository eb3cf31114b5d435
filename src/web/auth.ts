import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CODER_PATTERN } from './http.js';

/** One coder's access token. */
export interface CoderToken {
  readonly coder: string;
  readonly token: string;
}

/** Shorter tokens could be guessed over a network; `openssl rand -hex 16` makes a good one. */
export const MIN_TOKEN_LENGTH = 12;

/** `alice:SECRET` -> { coder: 'alice', token: 'SECRET' }. */
export function parseTokenSpec(spec: string, source = '--token'): CoderToken {
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new Error(`${source}: expected CODER:TOKEN, e.g. alice:$(openssl rand -hex 16)`);
  const coder = spec.slice(0, colon).trim();
  const token = spec.slice(colon + 1).trim();
  if (!CODER_PATTERN.test(coder)) throw new Error(`${source}: coder name '${coder}' must be 1 to 64 letters, digits or . _ @ -`);
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`${source}: the token of '${coder}' is shorter than ${MIN_TOKEN_LENGTH} characters; make one with openssl rand -hex 16`);
  }
  return { coder, token };
}

/** A tokens file: one `CODER:TOKEN` a line; blank lines and lines starting with # are ignored. */
export function readTokensFile(path: string): CoderToken[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read tokens file ${path}: ${(error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
    .map(({ line, number }) => parseTokenSpec(line, `${path}:${number}`));
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Maps a presented token to its coder. Every configured token is compared, each in constant
 * time over fixed-length digests, so the time taken says nothing about which (if any) matched.
 */
export class TokenChecker {
  private readonly entries: ReadonlyArray<{ coder: string; digest: Buffer }>;

  constructor(tokens: readonly CoderToken[]) {
    const coders = new Set<string>();
    const seen = new Set<string>();
    for (const { coder, token } of tokens) {
      if (coders.has(coder)) throw new Error(`coder '${coder}' has two tokens`);
      if (seen.has(token)) throw new Error('two coders share a token; give each coder their own');
      coders.add(coder);
      seen.add(token);
    }
    this.entries = tokens.map(({ coder, token }) => ({ coder, digest: digest(token) }));
  }

  get size(): number {
    return this.entries.length;
  }

  coderFor(presented: string | undefined): string | undefined {
    if (presented === undefined || presented.length === 0 || presented.length > 512) return undefined;
    const candidate = digest(presented);
    let match: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(candidate, entry.digest)) match = entry.coder;
    }
    return match;
  }
}
