import type { Command } from 'commander';
import { SUMMARY_KINDS, type SummaryKind } from '../evaluate/coding/interpretability-tasks.js';
import { scoreStudy, startInterpretabilityStudy } from '../evaluate/study/interpretability-study.js';
import { openProjectStore } from '../store/index.js';
import { parseInteger, prose } from './options.js';

/** `3+4,7+8` -> [[3, 4], [7, 8]]: groups of adjacent clusters to score as one. */
export function parseMerge(value: string): number[][] {
  return value.split(',').map((group) => {
    const labels = group.split('+').map((label) => Number(label.trim()));
    if (labels.length < 2 || labels.some((label) => !Number.isInteger(label) || label < 0)) {
      throw new Error(`--merge expects groups like 3+4,7+8 (cluster labels joined by +), got '${group}'`);
    }
    return labels;
  });
}

export function registerInterpretabilityCommands(program: Command): void {
  const group = program
    .command('interpretability')
    .summary('interpretability studies: can raters match image sets to their clusters’ keyword summaries?');
  group
    .command('create')
    .summary('start a study over one clustering (coders then answer it in connote serve)')
    .argument('<project>', 'project folder')
    .requiredOption('--clustering <name>', 'e.g. descriptions/mcs5 (of the latest finished run)')
    .option('--images-per-set <m>', 'images shown per task', parseInteger, 6)
    .option('--seed <n>', 'seed for choosing images and shuffling summaries', parseInteger, 42)
    .option(
      '--summaries <kind>',
      `what each option shows: ${SUMMARY_KINDS.join(', ')} (name and one sentence); a study per kind with the same seed shows the same images, so names can be tested against keywords`,
      'keywords',
    )
    .action((project: string, flags: { clustering: string; imagesPerSet: number; seed: number; summaries: string }) => {
      const store = openProjectStore(project);
      try {
        const run = store.runs.latestFinished();
        const clustering = run && store.clusterings.forRun(run.id).find((c) => c.name === flags.clustering);
        if (!clustering) throw new Error(`the latest run has no clustering '${flags.clustering}'`);
        if (!SUMMARY_KINDS.includes(flags.summaries as SummaryKind)) throw new Error(`--summaries must be one of ${SUMMARY_KINDS.join(', ')}, got '${flags.summaries}'`);
        const id = startInterpretabilityStudy(store, clustering.id, { imagesPerSet: flags.imagesPerSet, seed: flags.seed, summaries: flags.summaries as SummaryKind });
        const study = store.interpretability.study(id);
        process.stdout.write(`study ${id}: ${study?.tasks} tasks of ${flags.imagesPerSet} images over ${flags.clustering}, options showing ${flags.summaries}; coders answer it in connote serve\n`);
      } finally {
        store.close();
      }
    });
  group
    .command('score')
    .summary('precision and recall against chance, and agreement between raters, of a study')
    .description(
      prose(`Scores every choice coders made in a study: precision (correct / answered, the paper's headline
figure) and recall per cluster and overall, the chance level, and Cohen's (two raters) or
Fleiss' kappa. --merge scores named adjacent clusters as one, as the paper does when two
clusters share a theme.`),
    )
    .argument('<project>', 'project folder')
    .option('--study <id>', 'study id (default: the latest)', parseInteger)
    .option('--merge <groups>', 'clusters to score as one, e.g. 3+4,7+8')
    .action((project: string, flags: { study?: number; merge?: string }) => {
      const store = openProjectStore(project, { readonly: true });
      try {
        const studies = store.interpretability.studies();
        const studyId = flags.study ?? studies.at(-1)?.id;
        if (studyId === undefined) throw new Error('this project has no interpretability study yet: run `connote interpretability create`');
        const score = scoreStudy(store, studyId, flags.merge ? parseMerge(flags.merge) : []);
        const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
        const summaries = store.interpretability.study(studyId)?.summaries ?? 'keywords';
        const lines = [
          `study ${studyId} (options show ${summaries}): ${score.responses} answers (${score.skipped} skipped) by ${score.raters.join(', ') || 'nobody yet'}`,
          `  precision ${f(score.precision)}, recall ${f(score.recall)} (macro ${f(score.macroPrecision)} / ${f(score.macroRecall)}); chance ${f(score.chance)}`,
        ];
        if (score.cohenKappa) lines.push(`  Cohen's kappa between the two raters ${f(score.cohenKappa.kappa)}`);
        if (score.fleissKappa) lines.push(`  Fleiss' kappa ${f(score.fleissKappa.kappa)}`);
        lines.push('  cluster   shown  chosen  correct  precision  recall');
        for (const c of score.clusters) {
          lines.push(`  ${c.cluster.padEnd(8)} ${String(c.shown).padStart(6)} ${String(c.chosen).padStart(7)} ${String(c.correct).padStart(8)}  ${f(c.precision).padStart(9)}  ${f(c.recall).padStart(6)}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        store.close();
      }
    });
}
