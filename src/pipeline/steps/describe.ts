import type { CostEstimate } from '../../describe/estimate.js';
import { describeImages, describers, resolvePrompt, type Describer, type DescribeStageResult, type Prompt } from '../../describe/index.js';
import { descriptionKey } from '../../describe/run.js';
import type { DescribeRequest, DescriberSignature } from '../../describe/types.js';
import type { IngestedImage } from '../../ingest/index.js';
import type { CorpusRow } from '../../types/analysis.js';
import type { RunConfig } from '../config.js';
import type { RunSession } from '../session.js';
import type { IngestedImages } from './ingest.js';

/** The images of a run and their descriptions: what every analysis starts from. */
export interface Corpus extends IngestedImages {
  readonly prompt: Prompt;
  readonly describer: DescriberSignature;
  readonly descriptions: DescribeStageResult;
  /** Distinct images with a usable description, in input order: the rows of every analysis. */
  readonly described: readonly IngestedImage[];
  readonly rows: readonly CorpusRow[];
}

/** The configured prompt and describer, and one request per distinct image. */
function prepareDescriber(config: RunConfig, images: IngestedImages): { prompt: Prompt; describer: Describer; requests: DescribeRequest[] } {
  const prompt = resolvePrompt({ prompt: config.prompt.name, promptFile: config.prompt.file, criterion: config.prompt.criterion });
  const describer = describers.get(config.describer.name).create({ prompt, baseDir: config.baseDir, settings: config.describer.settings });
  const requests = images.ingested.images.map((image) => ({
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
  const { prompt, describer, requests } = prepareDescriber(config, images);
  try {
    const descriptions = await session.timed('describe', () => describeImages(requests, describer, session.store, session.ctx));
    const pathOf = new Map(requests.map((r) => [r.imageHash, r.path]));
    for (const failure of descriptions.failures) {
      session.recordError('describe', failure.ids[0] ?? null, pathOf.get(failure.imageHash) ?? null, failure.message);
      session.ctx.logger.warn(`no description for ${failure.ids.join(', ')}: ${failure.message}`);
    }
    const described = images.ingested.images.filter((image) => descriptions.texts.has(image.hash));
    const rows = described.map((image) => ({
      hash: image.hash,
      itemIds: image.items.map((item) => item.id),
      text: descriptions.texts.get(image.hash) as string,
    }));
    return { ...images, prompt, describer: describer.signature, descriptions, described, rows };
  } finally {
    await describer.close?.();
  }
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
    const pending = requests.filter((r) => !cached.has(r.imageHash));
    const estimate = describer.estimate && pending.length > 0 ? await describer.estimate(pending) : null;
    return { images: requests.length, cached: cached.size, toDescribe: pending.length, describer: describer.signature, estimate };
  } finally {
    await describer.close?.();
  }
}
