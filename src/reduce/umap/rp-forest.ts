import type { Random } from '../../util/random.js';
import type { SearchSpace } from './search-space.js';

/** Leaves of a forest: leaf l holds points indices[starts[l] .. starts[l+1]-1]. */
export interface ForestLeaves {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
}

const MAX_DEPTH = 200;

/**
 * Random projection trees (Dasgupta & Freund 2008) as pynndescent builds them to seed
 * NN-descent: each node splits its points by the hyperplane halfway between two random
 * members (for cosine: between their unit directions, through the origin); points exactly on
 * the plane, or every point when a split leaves one side empty, go to a random side. Splitting
 * stops at `leafSize` points or depth 200.
 * @see https://github.com/lmcinnes/pynndescent (rp_trees.py: angular/euclidean_random_projection_split, make_dense_tree)
 */
export function buildForestLeaves(space: SearchSpace, trees: number, leafSize: number, random: Random): ForestLeaves {
  const starts: number[] = [0];
  const chunks: Int32Array[] = [];
  let total = 0;
  const all = new Int32Array(space.count);
  for (let i = 0; i < space.count; i++) all[i] = i;
  for (let t = 0; t < trees; t++) {
    // Depth-first, left before right, with an explicit stack.
    const stack: { points: Int32Array; depth: number }[] = [{ points: all, depth: 0 }];
    while (stack.length > 0) {
      const { points, depth } = stack.pop()!;
      if (points.length <= leafSize || depth >= MAX_DEPTH) {
        chunks.push(points);
        total += points.length;
        starts.push(total);
        continue;
      }
      const [left, right] = split(space, points, random);
      stack.push({ points: right, depth: depth + 1 }, { points: left, depth: depth + 1 });
    }
  }
  const indices = new Int32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    indices.set(chunk, offset);
    offset += chunk.length;
  }
  return { starts: Int32Array.from(starts), indices };
}

function split(space: SearchSpace, points: Int32Array, random: Random): [Int32Array, Int32Array] {
  const { kernel } = space;
  const size = points.length;
  const leftPick = random.uint32() % size;
  let rightPick = random.uint32() % size;
  if (rightPick === leftPick) rightPick = (rightPick + 1) % size;
  const a = kernel.rows.subarray(points[leftPick] * kernel.stride, (points[leftPick] + 1) * kernel.stride);
  const b = kernel.rows.subarray(points[rightPick] * kernel.stride, (points[rightPick] + 1) * kernel.stride);
  const plane = kernel.scratch;
  let offset = 0;
  if (space.metric === 'cosine') {
    // Rows are already unit length (or zero), so the normal is their difference, normalised.
    let norm = 0;
    for (let d = 0; d < kernel.stride; d++) {
      plane[d] = a[d] - b[d];
      norm += plane[d] * plane[d];
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
    for (let d = 0; d < kernel.stride; d++) plane[d] *= scale;
  } else {
    for (let d = 0; d < kernel.stride; d++) {
      plane[d] = a[d] - b[d];
      offset -= (plane[d] * (a[d] + b[d])) / 2;
    }
  }
  const side = new Uint8Array(size);
  let leftCount = 0;
  for (let i = 0; i < size; i++) {
    const margin = offset + kernel.dot(kernel.scratchIndex, points[i]);
    const goesRight = margin === 0 ? random.uint32() & 1 : margin > 0 ? 0 : 1;
    side[i] = goesRight;
    if (goesRight === 0) leftCount++;
  }
  if (leftCount === 0 || leftCount === size) {
    leftCount = 0;
    for (let i = 0; i < size; i++) {
      side[i] = random.uint32() & 1;
      if (side[i] === 0) leftCount++;
    }
  }
  const left = new Int32Array(leftCount);
  const right = new Int32Array(size - leftCount);
  let l = 0;
  let r = 0;
  for (let i = 0; i < size; i++) {
    if (side[i] === 0) left[l++] = points[i];
    else right[r++] = points[i];
  }
  return [left, right];
}
