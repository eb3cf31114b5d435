/**
 * Fixed-size max-heaps of (distance, index, flag), one per point, stored flat: point p owns
 * slots p*size .. p*size+size-1 and slot 0 holds its current worst neighbour. This is
 * pynndescent's heap layout, so NN-descent can read every point's admission threshold in O(1).
 * @see https://github.com/lmcinnes/pynndescent (utils.py: make_heap, checked_flagged_heap_push, deheap_sort)
 */
export interface NeighborHeaps {
  readonly count: number;
  readonly size: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
  /** 1 while a neighbour is new (not yet used to generate candidates), else 0. */
  readonly flags: Uint8Array;
}

export function createNeighborHeaps(count: number, size: number): NeighborHeaps {
  return {
    count,
    size,
    indices: new Int32Array(count * size).fill(-1),
    distances: new Float64Array(count * size).fill(Infinity),
    flags: new Uint8Array(count * size),
  };
}

/**
 * Offers neighbour `index` at `distance` to point `point`; returns 1 if it was admitted (it is
 * closer than the current worst and not already present), else 0.
 */
export function pushNeighbor(heaps: NeighborHeaps, point: number, distance: number, index: number, flag: number): number {
  const { size, indices, distances, flags } = heaps;
  const base = point * size;
  if (!(distance < distances[base])) return 0;
  for (let s = 0; s < size; s++) if (indices[base + s] === index) return 0;
  siftDownFromRoot(distances, indices, flags, base, size, distance, index, flag);
  return 1;
}

function siftDownFromRoot(
  distances: Float64Array,
  indices: Int32Array,
  flags: Uint8Array,
  base: number,
  size: number,
  distance: number,
  index: number,
  flag: number,
): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let swap: number;
    if (left >= size) break;
    if (right >= size) {
      if (distances[base + left] > distance) swap = left;
      else break;
    } else if (distances[base + left] >= distances[base + right]) {
      if (distance < distances[base + left]) swap = left;
      else break;
    } else if (distance < distances[base + right]) swap = right;
    else break;
    distances[base + i] = distances[base + swap];
    indices[base + i] = indices[base + swap];
    flags[base + i] = flags[base + swap];
    i = swap;
  }
  distances[base + i] = distance;
  indices[base + i] = index;
  flags[base + i] = flag;
}

/** Sorts every heap in place by increasing distance (the second half of heapsort). */
export function sortHeaps(heaps: NeighborHeaps): void {
  const { count, size, indices, distances } = heaps;
  for (let p = 0; p < count; p++) {
    const base = p * size;
    for (let end = size - 1; end > 0; end--) {
      swap(indices, distances, base, base + end);
      // Restore the max-heap property on slots 0 .. end-1.
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < end && distances[base + largest] < distances[base + left]) largest = left;
        if (right < end && distances[base + largest] < distances[base + right]) largest = right;
        if (largest === i) break;
        swap(indices, distances, base + i, base + largest);
        i = largest;
      }
    }
  }
}

function swap(indices: Int32Array, distances: Float64Array, a: number, b: number): void {
  const index = indices[a];
  indices[a] = indices[b];
  indices[b] = index;
  const distance = distances[a];
  distances[a] = distances[b];
  distances[b] = distance;
}
