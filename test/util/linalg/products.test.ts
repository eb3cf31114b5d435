import { describe, expect, it } from 'vitest';
import { denseOperator } from '../../../src/util/linalg/dense.js';
import { columnMeans, multiply, multiplyTransposeLeft, transpose } from '../../../src/util/linalg/products.js';
import { createMatrix } from '../../../src/util/matrix.js';
import { maxDifference, naiveProduct, randomMatrix } from './helpers.js';

describe('dense products', () => {
  it('multiply and multiplyTransposeLeft agree with the naive product', () => {
    const a = randomMatrix(17, 9, 1);
    const b = randomMatrix(9, 5, 2);
    const c = randomMatrix(17, 4, 3);
    expect(maxDifference(multiply(a, b).data, naiveProduct(a, b).data)).toBeLessThan(1e-12);
    expect(maxDifference(multiplyTransposeLeft(a, c).data, naiveProduct(transpose(a), c).data)).toBeLessThan(1e-12);
  });

  it('rejects mismatched shapes with a message', () => {
    expect(() => multiply(randomMatrix(3, 4, 1), randomMatrix(3, 2, 2))).toThrow(/3 rows, expected 4/);
  });

  it('a centred dense operator equals the explicitly centred matrix', () => {
    const a = randomMatrix(30, 6, 4);
    const means = columnMeans(a);
    const centred = createMatrix(30, 6, a.data.map((v, i) => v - means[i % 6]));
    const op = denseOperator(a, { center: true });
    const x = randomMatrix(6, 3, 5);
    const y = randomMatrix(30, 2, 6);
    expect(maxDifference(op.multiply(x).data, naiveProduct(centred, x).data)).toBeLessThan(1e-12);
    expect(maxDifference(op.multiplyTranspose(y).data, naiveProduct(transpose(centred), y).data)).toBeLessThan(1e-12);
  });
});
