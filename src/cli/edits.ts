import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildClusterHierarchy, mergeClusters, reassignOutliers, REASSIGN_STRATEGIES, type EditResult, type ReassignStrategy } from '../pipeline/curate/index.js';
import { clusteringSlug, writeAuditLog, writeClusteringExport } from '../report/index.js';
import { openProjectStore, type ClusterHierarchy, type Store } from '../store/index.js';
import { findClustering } from './clusterings.js';
import { parseMerge } from './interpretability.js';
import { parseNumber, prose } from './options.js';

interface AuditFlags {
  by?: string;
  memo?: string;
}

/** Opens the project, runs `edit`, exports the result and the audit log, and prints what happened. */
async function editProject(project: string, clusteringName: string, flags: AuditFlags, edit: (store: Store, id: number) => Promise<EditResult & { line: string }>): Promise<void> {
  const store = openProjectStore(project);
  try {
    const parent = findClustering(store, project, clusteringName);
    const result = await edit(store, parent.id);
    const folder = await writeClusteringExport(store, result.clustering.id, project);
    const audit = await writeAuditLog(store, project);
    process.stdout.write(
      `${result.line}\nNew clustering ${result.clustering.name} (id ${result.clustering.id}, parent ${parent.name}): ${result.clustering.nClusters} clusters, ${result.clustering.nNoise} noise images.\n` +
        `Tables: ${folder}; audit log: ${audit.csv}\n`,
    );
  } finally {
    store.close();
  }
}

const auditOptions = (command: Command): Command =>
  command.option('--by <name>', 'who is editing, for the audit log (default: your user name)').option('--memo <text>', 'why, for the audit log');

export function registerEditCommands(program: Command): void {
  auditOptions(
    program
      .command('merge')
      .summary('merge named clusters into one, as a new clustering (the old one is kept)')
      .description(
        prose(`Joins clusters of a clustering into one each, e.g. two clusters that mean the same thing.
The result is a new clustering (NAME/merge-N) whose parent is the old one, which is never changed;
its keywords and typical images are computed again, clusters left whole keep their names, and
the edit is recorded in the audit log (audit.csv, audit.json) with who, when and why.`),
      )
      .argument('<project>', 'project folder')
      .requiredOption('--clustering <name>', 'e.g. descriptions/mcs5 (of the latest run), or a clustering id')
      .requiredOption('--clusters <groups>', 'clusters to merge, e.g. 3+4 or 3+4,7+8'),
  ).action((project: string, flags: AuditFlags & { clustering: string; clusters: string }) =>
    editProject(project, flags.clustering, flags, async (store, id) => {
      const groups = parseMerge(flags.clusters);
      const result = await mergeClusters(store, id, { groups, who: flags.by, memo: flags.memo });
      return { ...result, line: `Merged ${groups.map((g) => g.join('+')).join(', ')}: ${result.moved} images joined the cluster of the group's smallest label.` };
    }),
  );

  auditOptions(
    program
      .command('reassign')
      .summary('move noise images into the clusters they fit best (BERTopic’s outlier reduction)')
      .description(
        prose(`Moves outliers (noise, -1) into the cluster they score highest for, when the score reaches
--threshold, by one of BERTopic's strategies:
  probabilities  HDBSCAN's soft clustering of the run's own fit (membership vectors)
  ctfidf         cosine similarity of the image's description to each cluster's c-TF-IDF
  embeddings     cosine similarity of the description's embedding to each cluster's mean embedding
The result is a new clustering (NAME/reassign-N) whose parent is kept unchanged; a moved image's
probability is the score that placed it. Recorded in the audit log.`),
      )
      .argument('<project>', 'project folder')
      .requiredOption('--clustering <name>', 'e.g. descriptions/mcs5 (of the latest run), or a clustering id')
      .requiredOption('--strategy <name>', REASSIGN_STRATEGIES.join(', '))
      .option('--threshold <x>', 'lowest score, 0 to 1, that moves an image (default 0: every outlier moves; higher: fewer)', parseNumber),
  ).action((project: string, flags: AuditFlags & { clustering: string; strategy: string; threshold?: number }) =>
    editProject(project, flags.clustering, flags, async (store, id) => {
      const result = await reassignOutliers(store, id, { strategy: flags.strategy as ReassignStrategy, threshold: flags.threshold, who: flags.by, memo: flags.memo });
      return { ...result, line: `Reassigned ${result.reassigned} of ${result.outliers} noise images by ${flags.strategy}.` };
    }),
  );

  program
    .command('hierarchy')
    .summary('the tree of a clustering’s clusters (average linkage on c-TF-IDF), as JSON')
    .description(
      prose(`Joins the clusters of a clustering step by step, closest first (average linkage on the cosine
distance of their c-TF-IDF vectors, after BERTopic's hierarchical_topics), and summarises every
inner node by keywords. Stored with the clustering (the web app reads it at
/api/clusterings/ID/hierarchy) and written to hierarchy-NAME.json in the project folder.`),
    )
    .argument('<project>', 'project folder')
    .requiredOption('--clustering <name>', 'e.g. descriptions/mcs5 (of the latest run), or a clustering id')
    .action(async (project: string, flags: { clustering: string }) => {
      const store = openProjectStore(project);
      try {
        const clustering = findClustering(store, project, flags.clustering);
        const hierarchy = buildClusterHierarchy(store, clustering.id);
        const path = join(project, `hierarchy-${clusteringSlug(clustering)}.json`);
        await writeFile(path, `${JSON.stringify(hierarchy, null, 2)}\n`);
        process.stdout.write(`${drawTree(hierarchy)}\nWritten to ${path}\n`);
      } finally {
        store.close();
      }
    });
}

/** The tree as indented text, root first: each inner node with its height and keywords. */
export function drawTree(hierarchy: ClusterHierarchy): string {
  if (hierarchy.root < 0) return '(no clusters)';
  const lines: string[] = [];
  const visit = (id: number, depth: number): void => {
    const node = hierarchy.nodes[id];
    const words = node.keywords.slice(0, 4).map((k) => k.term).join(', ');
    const what = node.label === null ? `clusters ${node.labels.join(', ')} at ${node.distance.toFixed(3)}` : `cluster ${node.label}`;
    lines.push(`${'  '.repeat(depth)}${what} (${node.size} images): ${words}`);
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(hierarchy.root, 0);
  return lines.join('\n');
}
