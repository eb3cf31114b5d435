import { describe } from 'vitest';
import { DOCS, runDocBlocks } from './support/doc-shell-runner.js';

// The guides in docs/; the README's blocks run in docs-shell-blocks.test.ts, side by side with these.
describe('the documentation’s shell blocks: docs/', () => {
  runDocBlocks(DOCS.filter((file) => file.startsWith('docs/')));
});
