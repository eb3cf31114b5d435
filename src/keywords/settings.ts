import { setting, settingsSchema, z } from '../util/settings.js';

/** What every keyword extractor takes: how many terms per cluster, and which n-grams. */
export const KEYWORD_SETTINGS = settingsSchema({
  topN: setting.integer({ min: 1 }),
  ngramRange: z
    .tuple([z.number().int().min(1), z.number().int().min(1)], { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .refine(([low, high]) => low <= high, { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .optional(),
  /** Leave the prompt's own words out of the keywords (default true). */
  removePromptWords: setting.boolean(),
  /** MMR diversity of the keyword list, 0 (none) to 1. */
  diversity: setting.number({ min: 0, max: 1 }),
  /** Words to leave out besides the built-in stop words. */
  extraStopWords: z.array(z.string().min(1), { error: 'a list of words' }).optional(),
  /** A file of stop words (one per line) that replaces the built-in list. */
  stopWords: setting.string(),
});
