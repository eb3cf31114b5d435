// Writes docs/cli.md from the commands' help (npm run docs:cli).
import { writeFileSync } from 'node:fs';
import { buildProgram } from '../src/cli/index.js';
import { cliReference } from '../src/cli/reference.js';

writeFileSync('docs/cli.md', cliReference(buildProgram()));
console.log('wrote docs/cli.md');
