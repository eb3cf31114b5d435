import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../../bench/data.js';
import { fitUmap } from '../../../src/reduce/umap/fit.js';
import { createMatrix, selectRows } from '../../../src/util/matrix.js';
import { createRandom } from '../../../src/util/random.js';

describe('UMAP transform of new points', () => {
  const { data, labels } = makeBlobs({ n: 800, dims: 20, centers: 5, std: 2, seed: 41 });
  const train = Int32Array.from({ length: 600 }, (_, i) => i);
  const test = Int32Array.from({ length: 200 }, (_, i) => 600 + i);
  const fitted = fitUmap(selectRows(data, train), { nComponents: 2, nNeighbors: 15, minDist: 0.1, metric: 'cosine', random: createRandom(3) });

  it('places held-out points among training points of their own blob, deterministically', () => {
    const placed = fitted.transform(selectRows(data, test));
    expect([placed.rows, placed.cols]).toEqual([200, 2]);
    expect(Array.from(fitted.transform(selectRows(data, test)).data)).toEqual(Array.from(placed.data));
    let agree = 0;
    for (let t = 0; t < 200; t++) {
      // Label of the nearest training point in the embedding.
      let best = Infinity;
      let label = -1;
      for (let i = 0; i < 600; i++) {
        const d = (placed.data[2 * t] - fitted.embedding.data[2 * i]) ** 2 + (placed.data[2 * t + 1] - fitted.embedding.data[2 * i + 1]) ** 2;
        if (d < best) {
          best = d;
          label = labels[i];
        }
      }
      if (label === labels[600 + t]) agree++;
    }
    expect(agree / 200).toBeGreaterThan(0.95);
  });

  it('rejects rows of the wrong width', () => {
    expect(() => fitted.transform(createMatrix(1, 3))).toThrow(/3 values, the model expects 20/);
  });
});
