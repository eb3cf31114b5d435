/**
 * `npm run bench`: runs every benchmark module in turn. Each module prints its own rows
 * (ours, peer, ratio) through ./harness.ts. Pass names to run a subset: `npm run bench -- hdbscan`.
 */
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
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
