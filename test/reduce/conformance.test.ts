import { describe } from 'vitest';
import { reducers } from '../../src/reduce/index.js';
import { reducerConformance } from '../conformance/reducer.js';

// Every registered reducer meets the same contract.
for (const entry of reducers.list()) {
  describe(`reducer '${entry.name}'`, () => reducerConformance((options) => entry.create({ ...options })));
}
