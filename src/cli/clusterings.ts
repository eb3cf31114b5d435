import type { ClusteringRecord, Store } from '../store/index.js';

/** The latest finished run, or a clear error saying what to do. */
export function latestRun(store: Store, project: string) {
  const run = store.runs.latestFinished();
  if (!run) throw new Error(`${project} has no finished run yet: run \`connote run\` first`);
  return run;
}

/**
 * A clustering named on the command line: a name of the latest finished run (descriptions/mcs5,
 * descriptions/mcs5/merge-1) or a clustering id (as the web app shows it).
 */
export function findClustering(store: Store, project: string, name: string): ClusteringRecord {
  if (/^\d+$/.test(name)) {
    const byId = store.clusterings.get(Number(name));
    if (byId) return byId;
  }
  const run = latestRun(store, project);
  const found = store.clusterings.byName(run.id, name);
  if (!found) {
    const names = store.clusterings.forRun(run.id).map((c) => c.name);
    throw new Error(`the latest run of ${project} has no clustering '${name}'; it has ${names.join(', ') || 'none'}`);
  }
  return found;
}

/** Every clustering of the latest finished run, edits included. */
export function runClusterings(store: Store, project: string): ClusteringRecord[] {
  return store.clusterings.forRun(latestRun(store, project).id);
}
