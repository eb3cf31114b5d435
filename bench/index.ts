/**
 * `npm run bench`: runs every benchmark module in turn. Each module prints its own rows
 * (ours, peer, ratio) through ./harness.ts. Pass names to run a subset: `npm run bench -- hdbscan`.
 */
import { RESULTS_FILE, saveResults } from './harness.js';

const modules: Record<string, () => Promise<{ run: () => Promise<void> }>> = {};

export function registerBench(name: string, load: () => Promise<{ run: () => Promise<void> }>): void {
  modules[name] = load;
}

async function main(): Promise<void> {
  await import('./suites.js');
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(modules);
  for (const name of names) {
    const load = modules[name];
    if (!load) throw new Error(`unknown benchmark '${name}'; choose from ${Object.keys(modules).join(', ')}`);
    console.log(`\n## ${name}`);
    const mod = await load();
    await mod.run();
  }
  saveResults();
  console.log(`\nwrote ${RESULTS_FILE}; npm run docs:bench puts the rows marked for the README into its performance table`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
