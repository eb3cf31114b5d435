import { MAX_NEAR_DUPLICATE_DISTANCE } from '../duplicates/index.js';
import { KEYWORD_SETTINGS } from '../keywords/settings.js';
import { setting, z } from '../util/settings.js';

/**
 * What a config file (or a library caller, or the command line) may set at the top level. Strict,
 * so a misspelt key (`embeder`, `minClusterSize`) is refused with the nearest allowed one instead
 * of being ignored; each stage's own settings are checked against that stage's schema (see the
 * registries), because which keys are allowed depends on the implementation chosen.
 */
const STAGE_CHOICE_ERROR = 'an implementation name, or an object { "name": ..., settings... }';
const stageChoice = () =>
  z
    .union([z.string().min(1), z.looseObject({ name: z.string({ error: 'a non-empty string' }).min(1).optional() })], {
      error: STAGE_CHOICE_ERROR,
    })
    .optional();

export const MIN_CLUSTER_SIZES_ERROR = 'whole numbers of at least 2, e.g. [5, 10, 20]';
const minClusterSizes = z
  .array(z.number({ error: MIN_CLUSTER_SIZES_ERROR }).int({ error: MIN_CLUSTER_SIZES_ERROR }).min(2, { error: MIN_CLUSTER_SIZES_ERROR }), {
    error: MIN_CLUSTER_SIZES_ERROR,
  })
  .min(1, { error: MIN_CLUSTER_SIZES_ERROR })
  .optional();

export const ALPHA_LEVELS = ['nominal', 'ordinal', 'interval', 'ratio'] as const;

export const RUN_OPTIONS_SCHEMA = z.strictObject({
  input: setting.string(),
  out: setting.string(),
  seed: setting.integer({ min: 0, max: 2 ** 32 - 1 }),
  prompt: setting.string(),
  promptFile: setting.string(),
  criterion: setting.string(),
  describer: stageChoice(),
  embedder: stageChoice(),
  reduce: stageChoice(),
  layout: stageChoice(),
  cluster: stageChoice(),
  minClusterSizes,
  // The keyword extractors' own schema: one definition of what keywords accept.
  keywords: KEYWORD_SETTINGS.optional(),
  // Whether `connote run` names its clusters, or the labeler and its settings (checked against the
  // chosen labeler's own schema by the pre-flight).
  labels: z
    .union(
      [
        z.boolean(),
        z.looseObject({
          name: setting.string(),
          enabled: setting.boolean(),
          promptFile: setting.string(),
          distinguishPromptFile: setting.string(),
          samples: setting.integer({ min: 1 }),
        }),
      ],
      { error: 'true, false, or an object { "name": ..., settings... }' },
    )
    .optional(),
  // `--ocr`: true (Tesseract), an engine name, or { name, ...settings } (checked against the engine's schema by the pre-flight).
  ocr: z.union([z.boolean(), z.string(), z.looseObject({ name: setting.string() })], { error: 'true, false, an engine name, or { "name": ..., settings... }' }).optional(),
  // `--near-duplicates`: true (dHash), a hash name, or { hash, maxDistance, analysis } (the name is checked against the registry by the pre-flight).
  nearDuplicates: z
    .union(
      [
        // The object first: messages about its keys name the allowed ones.
        z.strictObject({
          hash: setting.string(),
          maxDistance: setting.integer({ min: 0, max: MAX_NEAR_DUPLICATE_DISTANCE }),
          analysis: setting.choice(['all', 'representative']),
        }),
        z.boolean(),
        z.string().min(1),
      ],
      { error: 'true, false, a hash name (dhash, phash), or { "hash": ..., "maxDistance": ..., "analysis": "all" or "representative" }' },
    )
    .optional(),
  representatives: setting.integer({ min: 0 }),
  limits: z
    .strictObject({
      maxBytes: setting.number({ above: 0 }),
      maxPixels: setting.number({ above: 0 }),
      thumbnailSize: setting.integer({ min: 16, max: 4096 }),
    })
    .optional(),
  evaluation: z
    .strictObject({
      pairs: setting.string(),
      ratings: setting.string(),
      imageFeatures: stageChoice(),
      noise: setting.choice(['different', 'drop']),
      replicates: setting.integer({ min: 100 }),
      alphaLevel: setting.choice(ALPHA_LEVELS),
    })
    .optional(),
});

/** The command line may also name the config file. */
export const CLI_OPTIONS_SCHEMA = RUN_OPTIONS_SCHEMA.extend({ config: setting.string() });
