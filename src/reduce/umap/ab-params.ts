/**
 * The a, b of the low-dimensional similarity 1 / (1 + a·x^(2b)), fitted by least squares
 * (Levenberg-Marquardt from a = b = 1, as scipy's curve_fit) to the offset exponential
 * y = 1 for x < minDist, exp(-(x - minDist) / spread) beyond, on 300 points of [0, 3·spread].
 * Smaller minDist gives larger a and smaller b: tighter clumps.
 * @see https://github.com/lmcinnes/umap/blob/master/umap/umap_.py (find_ab_params)
 */
export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  if (!(spread > 0)) throw new Error(`spread must be positive, got ${spread}`);
  if (!(minDist >= 0 && minDist <= spread)) throw new Error(`minDist must be in [0, spread], got ${minDist}`);
  const count = 300;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    xs[i] = (i * spread * 3) / (count - 1);
    ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
  }
  return levenbergMarquardt(xs, ys);
}

function cost(xs: Float64Array, ys: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = 1 / (1 + a * xs[i] ** (2 * b)) - ys[i];
    sum += r * r;
  }
  return sum;
}

function levenbergMarquardt(xs: Float64Array, ys: Float64Array): { a: number; b: number } {
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let current = cost(xs, ys, a, b);
  for (let iteration = 0; iteration < 500; iteration++) {
    // Normal equations JᵀJ·δ = -Jᵀr for the 2 parameters.
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const t = x ** (2 * b);
      const denominator = 1 + a * t;
      const r = 1 / denominator - ys[i];
      const squared = denominator * denominator;
      const da = -t / squared;
      const db = x > 0 ? (-a * t * 2 * Math.log(x)) / squared : 0;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    while (lambda < 1e16) {
      const m11 = jaa * (1 + lambda);
      const m22 = jbb * (1 + lambda);
      const determinant = m11 * m22 - jab * jab;
      const stepA = (-ga * m22 + gb * jab) / determinant;
      const stepB = (-gb * m11 + ga * jab) / determinant;
      const candidate = cost(xs, ys, a + stepA, b + stepB);
      if (candidate < current) {
        const relativeGain = (current - candidate) / Math.max(current, 1e-300);
        a += stepA;
        b += stepB;
        current = candidate;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = relativeGain > 1e-14 && Math.abs(stepA) + Math.abs(stepB) > 1e-14;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}
