import { setting, settingsSchema, z } from '../util/settings.js';

/** What every keyword extractor takes: how many terms per cluster, and which n-grams. */
export const KEYWORD_SETTINGS = settingsSchema({
  topN: setting.integer({ min: 1 }),
  ngramRange: z
    .tuple([z.number().int().min(1), z.number().int().min(1)], { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .refine(([low, high]) => low <= high, { error: 'two whole numbers [smallest, largest], e.g. [1, 2]' })
    .optional(),
});
