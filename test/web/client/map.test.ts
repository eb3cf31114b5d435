import { describe, expect, it } from 'vitest';
import { boundsOf, Camera } from '../../../src/web/client/map/camera.js';
import { insidePolygon, pointsInPolygon, SpatialGrid } from '../../../src/web/client/map/grid.js';
import { createRandom } from '../../../src/util/random.js';

function randomPoints(n: number, seed = 3): Float32Array {
  const random = createRandom(seed);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < xy.length; i++) xy[i] = random.normal() * 10;
  return xy;
}

describe('Camera', () => {
  it('fits the bounds and keeps the point under the cursor fixed when zooming', () => {
    const camera = new Camera();
    camera.resize(800, 600);
    camera.fit({ minX: -10, minY: -5, maxX: 10, maxY: 5 }, 0);
    expect(camera.scale).toBe(40);
    expect([camera.screenX(-10), camera.screenX(10)]).toEqual([0, 800]);
    const before = [camera.worldX(123), camera.worldY(456)];
    camera.zoomAt(3.7, 123, 456);
    expect(camera.worldX(123)).toBeCloseTo(before[0], 9);
    expect(camera.worldY(456)).toBeCloseTo(before[1], 9);
    camera.zoomAt(1e9, 0, 0);
    expect(camera.scale).toBe(camera.maxScale);
    camera.panBy(40, 0);
    expect(camera.worldX(440)).toBeCloseTo(camera.worldX(400) + 1 / camera.scale * 40, 9);
  });
});

describe('SpatialGrid', () => {
  const xy = randomPoints(2000);
  const bounds = boundsOf(xy);
  const grid = new SpatialGrid(xy, bounds);

  it('finds the same nearest point as a full scan', () => {
    const random = createRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const x = (random.next() - 0.5) * 40;
      const y = (random.next() - 0.5) * 40;
      const radius = random.next() * 3;
      let best = -1;
      let bestDistance = radius * radius;
      for (let i = 0; i < 2000; i++) {
        const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
        if (d <= bestDistance && (d < bestDistance || i > best)) {
          best = i;
          bestDistance = d;
        }
      }
      expect(grid.nearest(x, y, radius)).toBe(best);
    }
  });

  it('selects exactly the points inside a lasso', () => {
    const lasso = [-5, -5, 8, -3, 6, 7, -4, 4];
    const expected = [];
    for (let i = 0; i < 2000; i++) if (insidePolygon(xy[2 * i], xy[2 * i + 1], lasso)) expected.push(i);
    expect(expected.length).toBeGreaterThan(100);
    expect(pointsInPolygon(grid, xy, lasso)).toEqual(expected);
    expect(insidePolygon(0, 0, [0, 0, 1, 0])).toBe(false);
    expect(pointsInPolygon(grid, xy, [0, 0, 1, 1])).toEqual([]);
  });
});
