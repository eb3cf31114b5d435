import '../ocr-describer.js';
import type { CostEstimate } from '../../describe/estimate.js';
import { describeImages, describers, resolvePrompt, type Describer, type DescribeStageResult, type Prompt } from '../../describe/index.js';
import { cacheAnswers, descriptionKey } from '../../describe/run.js';
import type { DescribeRequest, DescriberSignature } from '../../describe/types.js';
import { IMAGE_EXTENSIONS, type IngestedImage } from '../../ingest/index.js';
import type { CorpusRow } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import { imagesToDescribe, inheritRepresentatives } from './duplicates.js';
import type { IngestedImages } from './ingest.js';
import { appendImageTexts, type ImageTextStep } from './ocr.js';

/** The images of a run and their descriptions: what every analysis starts from. */
export interface Corpus extends IngestedImages {
  readonly prompt: Prompt;
  readonly describer: DescriberSignature;
  readonly descriptions: DescribeStageResult;
  /** Distinct images with at least one usable description, in input order. */
  readonly described: readonly IngestedImage[];
  /**
   * The rows of every analysis, in input order: one per distinct image and text. Usually one per
   * image (exact duplicates share their description); an image whose items carry different
   * reference texts gives one row per text, so no text is lost.
   */
  readonly rows: readonly CorpusRow[];
  /** `--ocr`: which engine's reading of each image was appended to its rows' texts; null: none. */
  readonly ocr: ImageTextStep | null;
}

/**
 * The configured prompt and describer, and one request per distinct image (with
 * `--near-duplicate-analysis representative`, per group of near-duplicates only its representative).
 */
function prepareDescriber(config: RunConfig, images: IngestedImages): { prompt: Prompt; describer: Describer; requests: DescribeRequest[] } {
  const prompt = resolvePrompt({ prompt: config.prompt.name, promptFile: config.prompt.file, criterion: config.prompt.criterion });
  const describer = describers.get(config.describer.name).create({ prompt, baseDir: config.baseDir, settings: config.describer.settings });
  const requests = imagesToDescribe(images).map((image) => ({
    imageHash: image.hash,
    ids: image.items.map((item) => item.id),
    path: image.path,
  }));
  return { prompt, describer, requests };
}

/**
 * Step 2, describe: one paragraph per distinct image, cached by image hash, describer, model,
 * prompt hash and parameters, each committed the moment it arrives.
 */
export async function describeCorpus(session: RunSession, config: RunConfig, images: IngestedImages): Promise<Corpus> {
  if (images.ingested.items.length === 0) throw new Error(nothingIngested(images));
  const { prompt, describer, requests } = prepareDescriber(config, images);
  try {
    const descriptions = await session.timed('describe', () => describeImages(requests, describer, session.store, session.ctx));
    const pathOf = new Map(requests.map((r) => [r.imageHash, r.path]));
    for (const failure of descriptions.failures) {
      session.recordError('describe', failure.ids[0] ?? null, pathOf.get(failure.imageHash) ?? null, failure.message);
      session.ctx.logger.warn(`no description for ${failure.ids.join(', ')}: ${failure.message}`);
    }
    for (const answer of descriptions.unreadable) {
      const message = `the answer (paid for) is not a chat completion connote can read; it is stored as 'unreadable' and not requested again: ${answer.text.slice(0, 200)}`;
      session.recordError('describe', answer.ids[0] ?? null, pathOf.get(answer.imageHash) ?? null, message);
      session.ctx.logger.warn(`no description for ${answer.ids.join(', ')}: ${message}`);
    }
    // Near-duplicates analysed by representative: the others' items join its row, and so its cluster.
    const describedRows = inheritRepresentatives(corpusRows(imagesToDescribe(images), descriptions), images);
    const hashes = new Set(describedRows.map((row) => row.hash));
    const described = images.ingested.images.filter((image) => hashes.has(image.hash));
    noteSeparateTexts(session, describedRows);
    const { rows, step: ocr } = await appendImageTexts(session, config, described, describedRows);
    return { ...images, prompt, describer: describer.signature, descriptions, described, rows, ocr };
  } finally {
    await describer.close?.();
  }
}

/** Why there is nothing to describe: an empty folder or manifest, or nothing in it that opens as an image. */
function nothingIngested(images: IngestedImages): string {
  const { location } = images.source;
  const failed = images.ingested.failures.length;
  if (failed > 0) return `none of the ${failed} files in ${location} could be read as an image (each reason is listed above), so there is nothing to describe`;
  const what = images.source.name === 'manifest' ? 'the manifest lists no images' : `found no images (${[...IMAGE_EXTENSIONS].join(', ')}, in subfolders too)`;
  return `${location}: ${what}, so there is nothing to describe`;
}

/**
 * One row per distinct image and text, items in input order. Exact duplicates share their
 * image's description (one row); items with texts of their own (reference descriptions) join
 * the row of the same text, so byte-identical images with different texts give separate rows.
 */
export function corpusRows(images: readonly IngestedImage[], descriptions: Pick<DescribeStageResult, 'texts' | 'itemTexts'>): CorpusRow[] {
  const rows: CorpusRow[] = [];
  for (const image of images) {
    const byText = new Map<string, string[]>();
    for (const item of image.items) {
      const text = descriptions.itemTexts.get(item.id) ?? descriptions.texts.get(image.hash);
      if (text !== undefined) byText.set(text, [...(byText.get(text) ?? []), item.id]);
    }
    for (const [text, itemIds] of byText) rows.push({ hash: image.hash, itemIds, text });
  }
  return rows;
}

/** Says (and records in run.json) which byte-identical images keep separate texts, so nobody is surprised by two points for one picture. */
function noteSeparateTexts(session: RunSession, rows: readonly CorpusRow[]): void {
  const rowsPerImage = new Map<string, CorpusRow[]>();
  for (const row of rows) rowsPerImage.set(row.hash, [...(rowsPerImage.get(row.hash) ?? []), row]);
  const split = [...rowsPerImage.values()].filter((group) => group.length > 1);
  if (split.length === 0) return;
  const examples = split
    .slice(0, 5)
    .map((group) => group.map((row) => row.itemIds.join('+')).join(' / '))
    .join('; ');
  session.note(
    'describe',
    `${split.length} byte-identical image${split.length > 1 ? 's carry' : ' carries'} different descriptions for different items (${examples}${split.length > 5 ? '; ...' : ''}): each text is kept and clustered as a row of its own`,
  );
}

export interface DryRunEstimate {
  readonly images: number;
  readonly cached: number;
  readonly toDescribe: number;
  readonly describer: DescriberSignature;
  readonly estimate: CostEstimate | null;
}

/** `--dry-run`: what describing would cost after the cache, without sending anything. */
export async function estimateDescribing(session: RunSession, config: RunConfig, images: IngestedImages): Promise<DryRunEstimate> {
  const { describer, requests } = prepareDescriber(config, images);
  try {
    const cached = session.store.descriptions.getMany(
      requests.map((r) => r.imageHash),
      descriptionKey(describer),
    );
    const pending = requests.filter((r) => !cacheAnswers(r, cached.get(r.imageHash)));
    const estimate = describer.estimate && pending.length > 0 ? await describer.estimate(pending) : null;
    return { images: requests.length, cached: requests.length - pending.length, toDescribe: pending.length, describer: describer.signature, estimate };
  } finally {
    await describer.close?.();
  }
}
