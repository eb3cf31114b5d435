/**
 * Seeded pseudo-random numbers, so that every stochastic step (UMAP, k-means, sampling,
 * bootstraps) is reproducible bit for bit from a recorded seed on any machine.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state),
 * seeded through splitmix32 so that nearby seeds give unrelated streams. It uses only 32-bit
 * integer arithmetic, so results do not depend on the platform.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box-Muller). */
  normal(): number;
  /** Raw 32-bit unsigned integer. */
  uint32(): number;
  /** A new independent generator derived from this one (for sub-tasks that must not shift the parent stream). */
  fork(): Random;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const mix = splitmix32(Math.floor(seed) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  let spareNormal: number | null = null;

  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // Warm up so that the first outputs do not reflect the seeding pattern.
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / 4294967296;
  return {
    next,
    uint32,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spareNormal = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRandom(uint32()),
  };
}

/**
 * A generator of its own for one named consumer (a stage, a clusterer, retry jitter), derived
 * from the run's seed and the name only: what any other consumer draws, and how often, can never
 * shift it. The name is folded into the seed with FNV-1a (32-bit), so the derivation, like the
 * generator, uses 32-bit integer arithmetic only.
 */
export function deriveRandom(seed: number, name: string): Random {
  return createRandom(deriveSeed(seed, name));
}

/** The seed `deriveRandom` uses: FNV-1a over the name's UTF-16 code units, started from the seed. */
export function deriveSeed(seed: number, name: string): number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let hash = (0x811c9dc5 ^ (Math.floor(seed) >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Fisher-Yates shuffle in place, driven by `random`. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
