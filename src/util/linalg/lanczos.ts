import { createMatrix } from '../matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { kernelModule } from '../wasm.js';

export interface LargestEigenpairsOptions {
  /** Starting vector (not necessarily normalised); umap-learn starts from all ones. */
  readonly start: Float64Array;
  /**
   * Orthonormal vectors whose span is excluded from the search (known eigenvectors), e.g. the
   * trivial eigenvector of a normalised graph Laplacian.
   */
  readonly deflate?: readonly Float64Array[];
  /** Krylov basis size before a restart; default max(2k + 1, 24). */
  readonly basisSize?: number;
  /**
   * A Ritz pair (θ, x) counts as converged when ‖A·x - θ·x‖ <= tolerance, or <= tolerance(θ)
   * when a function is given (for a criterion relative to the eigenvalue, as ARPACK's). Default 1e-8.
   */
  readonly tolerance?: number | ((ritzValue: number) => number);
  /** Restart cycles before giving up (the best Ritz pairs so far are returned). Default 500. */
  readonly maxRestarts?: number;
}

export interface Eigenpairs {
  /** Descending. */
  readonly values: Float64Array;
  /** k vectors of length n, unit length. */
  readonly vectors: Float64Array[];
  /** Whether every pair met the tolerance. */
  readonly converged: boolean;
  readonly restarts: number;
}

/**
 * The k algebraically largest eigenpairs of a symmetric operator given only as y = A·x, by
 * thick-restart Lanczos (Wu & Simon 2000; equivalently Stewart's Krylov-Schur for symmetric
 * matrices): a Krylov basis with full re-orthogonalisation (twice, classical Gram-Schmidt)
 * is grown to `basisSize`, the Ritz pairs of the projected matrix are computed exactly, and
 * the basis is shrunk to the best Ritz vectors plus the residual direction. The basis lives in
 * WebAssembly memory, where Gram-Schmidt runs two doubles at a time. Deterministic:
 * it uses no randomness (a breakdown is continued along a fixed pseudo-random direction).
 */
export function largestEigenpairs(
  apply: (x: Float64Array, y: Float64Array) => void,
  n: number,
  k: number,
  options: LargestEigenpairsOptions,
): Eigenpairs {
  const deflate = options.deflate ?? [];
  const available = n - deflate.length;
  if (k < 1 || k > available) throw new Error(`largestEigenpairs: k must be in 1..${available}, got ${k}`);
  const m = Math.min(available, Math.max(options.basisSize ?? Math.max(2 * k + 1, 24), k + 2));
  const tolerance = options.tolerance ?? 1e-8;
  const toleranceFor = typeof tolerance === 'function' ? tolerance : () => tolerance;
  const maxRestarts = options.maxRestarts ?? 500;

  const space = createKrylovSpace(n, m);
  const h = new Float64Array(m * m);
  const w = space.work;
  let fallbackSeed = 0x9e3779b9;
  const fallbackDirection = (): Float64Array => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fallbackSeed = (Math.imul(fallbackSeed, 1664525) + 1013904223) >>> 0;
      v[i] = fallbackSeed / 4294967296 - 0.5;
    }
    return v;
  };
  /** v made orthogonal to the deflated directions and the first `size` basis vectors, normalised; false if nothing is left. */
  const orthonormalizeInto = (v: Float64Array, size: number, target: Float64Array): boolean => {
    w.set(v);
    const initial = Math.sqrt(dot(w, w));
    if (initial === 0) return false;
    for (let pass = 0; pass < 2; pass++) space.orthogonalize(size, deflate);
    const norm = Math.sqrt(dot(w, w));
    if (norm <= 1e-10 * initial) return false;
    for (let i = 0; i < n; i++) target[i] = w[i] / norm;
    return true;
  };

  if (!orthonormalizeInto(options.start, 0, space.vector(0)) && !orthonormalizeInto(fallbackDirection(), 0, space.vector(0))) {
    throw new Error('largestEigenpairs: could not find a starting direction');
  }
  let size = 1;
  let kept = 0;
  let restarts = 0;
  for (;;) {
    // Grow the basis from `kept` to m vectors; column j of H is v_i·A·v_j for i <= j.
    let residualNorm = 0;
    let hasResidual = false;
    for (let j = kept; j < m; j++) {
      apply(space.vector(j), w);
      for (let pass = 0; pass < 2; pass++) {
        const coefficients = space.orthogonalize(j + 1, deflate);
        for (let i = 0; i <= j; i++) h[i * m + j] = pass === 0 ? coefficients[i] : h[i * m + j] + coefficients[i];
      }
      for (let i = 0; i < j; i++) h[j * m + i] = h[i * m + j];
      residualNorm = Math.sqrt(dot(w, w));
      // The next vector (or, at j = m - 1, the residual direction) goes to slot j + 1.
      const next = space.vector(j + 1);
      if (residualNorm > 1e-12) {
        const inverse = 1 / residualNorm;
        for (let i = 0; i < n; i++) next[i] = w[i] * inverse;
        hasResidual = true;
      } else {
        residualNorm = 0; // an invariant subspace: continue in a fresh direction
        hasResidual = orthonormalizeInto(fallbackDirection(), j + 1, next);
      }
      if (j + 1 < m) {
        if (!hasResidual) break;
        size = j + 2;
      }
    }
    const projected = createMatrix(size, size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) projected.data[i * size + j] = h[i * m + j];
    const ritz = symmetricEigen(projected);
    // Residual of Ritz pair r: residualNorm · |last component of its eigenvector|.
    let converged = true;
    for (let r = 0; r < k; r++) {
      const lastComponent = ritz.vectors.data[r * size + size - 1];
      if (residualNorm * Math.abs(lastComponent) > toleranceFor(ritz.values[r])) converged = false;
    }
    if (converged || restarts >= maxRestarts || !hasResidual || size < m) {
      const vectors: Float64Array[] = [];
      for (let r = 0; r < k; r++) vectors.push(Float64Array.from(space.combine(size, ritz.vectors.data.subarray(r * size, (r + 1) * size))));
      return { values: ritz.values.slice(0, k), vectors, converged, restarts };
    }
    // Thick restart: keep the best Ritz vectors and the residual direction (slot m).
    restarts++;
    kept = Math.min(m - 1, k + Math.floor((m - k) / 2));
    space.restart(size, kept, (r) => ritz.vectors.data.subarray(r * size, (r + 1) * size));
    h.fill(0);
    for (let r = 0; r < kept; r++) {
      h[r * m + r] = ritz.values[r];
      const coupling = residualNorm * ritz.vectors.data[r * size + size - 1];
      h[r * m + kept] = coupling;
      h[kept * m + r] = coupling;
    }
    size = kept + 1;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * The Krylov basis in WebAssembly memory: two banks of m + 1 vectors (the current basis and
 * the one a restart builds), a work vector and coefficients. Gram-Schmidt and the restart's
 * linear combinations run in an f64x2 kernel (lanczos.wat); a pass is classical Gram-Schmidt (all
 * coefficients first), run twice ("twice is enough", Giraud et al. 2005).
 */
interface KrylovSpace {
  /** Basis vector i of the current bank (a view). */
  vector(i: number): Float64Array;
  readonly work: Float64Array;
  /** work -= projections on the deflated vectors and on basis vectors 0..count-1; returns those coefficients. */
  orthogonalize(count: number, deflate: readonly Float64Array[]): Float64Array;
  /** Σ coefficients[i]·v_i over the first `count` vectors, into a scratch view (copy it out). */
  combine(count: number, coefficients: Float64Array): Float64Array;
  /** New basis: `kept` combinations of the first `count` vectors, then the vector in slot count (the residual). */
  restart(count: number, kept: number, coefficientsOf: (r: number) => Float64Array): void;
}

function createKrylovSpace(n: number, m: number): KrylovSpace {
  const padded = Math.ceil(n / 4) * 4;
  const vectorBytes = padded * 8;
  const bankBytes = (m + 1) * vectorBytes;
  const workOffset = 2 * bankBytes;
  const scratchOffset = workOffset + vectorBytes;
  const coefficientsOffset = scratchOffset + vectorBytes;
  const bytes = coefficientsOffset + (m + 1) * 8;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const module = kernelModule(new URL('./lanczos.wasm', import.meta.url));
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GramSchmidtKernels;
  const views = [0, 1].map((bank) =>
    Array.from({ length: m + 1 }, (_, i) => new Float64Array(memory.buffer, bank * bankBytes + i * vectorBytes, n)),
  );
  const coefficients = new Float64Array(memory.buffer, coefficientsOffset, m + 1);
  const work = new Float64Array(memory.buffer, workOffset, n);
  const scratch = new Float64Array(memory.buffer, scratchOffset, n);
  let bank = 0;
  return {
    vector: (i) => views[bank][i],
    work,
    orthogonalize(count, deflate) {
      for (const u of deflate) {
        const c = dot(u, work);
        for (let i = 0; i < n; i++) work[i] -= c * u[i];
      }
      if (count > 0) {
        kernels.dots(bank * bankBytes, count, vectorBytes, workOffset, coefficientsOffset);
        const projections = Float64Array.from(coefficients.subarray(0, count));
        for (let i = 0; i < count; i++) coefficients[i] = -projections[i];
        kernels.accumulate(bank * bankBytes, count, vectorBytes, workOffset, coefficientsOffset);
        return projections;
      }
      return new Float64Array(0);
    },
    combine(count, weights) {
      scratch.fill(0);
      coefficients.set(weights.subarray(0, count));
      kernels.accumulate(bank * bankBytes, count, vectorBytes, scratchOffset, coefficientsOffset);
      return scratch;
    },
    restart(count, kept, coefficientsOf) {
      const other = 1 - bank;
      for (let r = 0; r < kept; r++) {
        views[other][r].fill(0);
        coefficients.set(coefficientsOf(r).subarray(0, count));
        kernels.accumulate(bank * bankBytes, count, vectorBytes, other * bankBytes + r * vectorBytes, coefficientsOffset);
      }
      views[other][kept].set(views[bank][count]);
      bank = other;
    },
  };
}

interface GramSchmidtKernels {
  /** coefficients[i] = v_i · work for i < count (vectors of `bytes` bytes from `first`). */
  dots(first: number, count: number, bytes: number, work: number, coefficients: number): void;
  /** target += Σ coefficients[i]·v_i for i < count. */
  accumulate(first: number, count: number, bytes: number, target: number, coefficients: number): void;
}
