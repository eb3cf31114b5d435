import { createMatrix } from '../matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

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
 * the basis is shrunk to the best Ritz vectors plus the residual direction. Deterministic:
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

  const basis: Float64Array[] = [];
  const h = new Float64Array(m * m);
  const w = new Float64Array(n);
  let fallbackSeed = 0x9e3779b9;
  const fallbackDirection = (): Float64Array => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fallbackSeed = (Math.imul(fallbackSeed, 1664525) + 1013904223) >>> 0;
      v[i] = fallbackSeed / 4294967296 - 0.5;
    }
    return v;
  };

  let first = orthonormalized(options.start, basis, deflate);
  if (!first) first = orthonormalized(fallbackDirection(), basis, deflate);
  if (!first) throw new Error('largestEigenpairs: could not find a starting direction');
  basis.push(first);

  let kept = 0;
  let restarts = 0;
  for (;;) {
    // Grow the basis from `kept` to m vectors; column j of H is v_i·A·v_j for i <= j.
    let residualNorm = 0;
    let residual: Float64Array | null = null;
    for (let j = kept; j < m; j++) {
      apply(basis[j], w);
      for (let pass = 0; pass < 2; pass++) {
        for (const u of deflate) axpy(w, u, -dot(u, w));
        for (let i = 0; i <= j; i++) {
          const c = dot(basis[i], w);
          axpy(w, basis[i], -c);
          h[i * m + j] = pass === 0 ? c : h[i * m + j] + c;
        }
      }
      for (let i = 0; i < j; i++) h[j * m + i] = h[i * m + j];
      residualNorm = Math.sqrt(dot(w, w));
      let next: Float64Array | null = null;
      if (residualNorm > 1e-12) {
        next = new Float64Array(n);
        const inverse = 1 / residualNorm;
        for (let i = 0; i < n; i++) next[i] = w[i] * inverse;
      } else {
        residualNorm = 0; // an invariant subspace: continue in a fresh direction
        next = orthonormalized(fallbackDirection(), basis, deflate);
      }
      if (j + 1 < m) {
        if (!next) break;
        basis.push(next);
      } else {
        residual = next;
      }
    }
    const size = basis.length;
    const projected = createMatrix(size, size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) projected.data[i * size + j] = h[i * m + j];
    const ritz = symmetricEigen(projected);
    // Residual of Ritz pair r: residualNorm · |last component of its eigenvector|.
    let converged = true;
    for (let r = 0; r < k; r++) {
      const lastComponent = ritz.vectors.data[r * size + size - 1];
      if (residualNorm * Math.abs(lastComponent) > toleranceFor(ritz.values[r])) converged = false;
    }
    if (converged || restarts >= maxRestarts || !residual || size < m) {
      const vectors: Float64Array[] = [];
      for (let r = 0; r < k; r++) vectors.push(combine(basis, ritz.vectors.data.subarray(r * size, (r + 1) * size), n));
      return { values: ritz.values.slice(0, k), vectors, converged, restarts };
    }
    // Thick restart: keep the best Ritz vectors and the residual direction.
    restarts++;
    kept = Math.min(m - 1, k + Math.floor((m - k) / 2));
    const newBasis: Float64Array[] = [];
    for (let r = 0; r < kept; r++) newBasis.push(combine(basis, ritz.vectors.data.subarray(r * size, (r + 1) * size), n));
    h.fill(0);
    for (let r = 0; r < kept; r++) {
      h[r * m + r] = ritz.values[r];
      const coupling = residualNorm * ritz.vectors.data[r * size + size - 1];
      h[r * m + kept] = coupling;
      h[kept * m + r] = coupling;
    }
    basis.length = 0;
    basis.push(...newBasis, residual);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(target: Float64Array, x: Float64Array, factor: number): void {
  for (let i = 0; i < target.length; i++) target[i] += factor * x[i];
}

function combine(basis: Float64Array[], coefficients: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < coefficients.length; j++) axpy(out, basis[j], coefficients[j]);
  return out;
}

/** `v` made orthogonal to `deflate` and `basis` (twice) and normalised, or null if nothing is left. */
function orthonormalized(v: Float64Array, basis: Float64Array[], deflate: readonly Float64Array[]): Float64Array | null {
  const out = Float64Array.from(v);
  const initial = Math.sqrt(dot(out, out));
  if (initial === 0) return null;
  for (let pass = 0; pass < 2; pass++) {
    for (const u of deflate) axpy(out, u, -dot(u, out));
    for (const b of basis) axpy(out, b, -dot(b, out));
  }
  const norm = Math.sqrt(dot(out, out));
  if (norm <= 1e-10 * initial) return null;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}
