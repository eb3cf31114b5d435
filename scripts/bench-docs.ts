// Writes the README's performance table from bench/results.json (npm run docs:bench).
import { readFileSync, writeFileSync } from 'node:fs';
import { readResults } from '../bench/harness.js';
import { withPerformanceTable } from '../bench/table.js';

writeFileSync('README.md', withPerformanceTable(readFileSync('README.md', 'utf8'), readResults().rows));
console.log('wrote the performance table in README.md');
