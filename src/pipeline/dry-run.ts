import type { RunConfig } from './config.js';
import { assertPreflight } from './preflight.js';
import { RunSession, type PipelineIO } from './session.js';
import { estimateDescribing, type DryRunEstimate } from './steps/describe.js';
import { groupNearDuplicates } from './steps/duplicates.js';
import { ingestImages } from './steps/ingest.js';

export type { DryRunEstimate } from './steps/describe.js';

/**
 * `connote run --dry-run`: ingest, look up the cache, estimate what describing the rest would
 * cost (with `--near-duplicate-analysis representative`, after hashing: free, and cached).
 */
export async function dryRun(config: RunConfig, io: PipelineIO): Promise<DryRunEstimate> {
  await assertPreflight(config, { command: 'dry-run' });
  const session = RunSession.open(config, io, 'dry-run');
  try {
    const images = await groupNearDuplicates(session, config, await ingestImages(session, config), { record: false });
    const estimate = await estimateDescribing(session, config, images);
    session.finish('finished', { dryRun: estimate, timings: session.timings });
    return estimate;
  } catch (error) {
    session.finish('failed', { error: (error as Error).message });
    throw error;
  } finally {
    session.close();
  }
}
