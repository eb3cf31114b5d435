import { describe } from 'vitest';
import { clusterers } from '../../src/cluster/index.js';
import { clustererConformance } from '../conformance/clusterer.js';

// Every registered clusterer meets the same contract (k-means needs its k).
const extra: Record<string, Record<string, unknown>> = { kmeans: { k: 4 } };
for (const entry of clusterers.list()) {
  describe(`clusterer '${entry.name}'`, () => clustererConformance((options) => entry.create(options), extra[entry.name] ?? {}));
}
