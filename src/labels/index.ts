import { Registry } from '../util/registry.js';
import { createKeywordLabeler } from './keywords.js';
import { createOpenAILabeler } from './openai.js';
import { OPENAI_LABELER_SETTINGS, probeOpenAILabeler } from './openai-settings.js';
import { settingsSchema } from '../util/settings.js';
import type { LabelerFactory } from './types.js';

export * from './types.js';
export { clashingGroups, labelCacheKey, labelClusters, nameKey, uncachedClusters, type LabelStageResult, type NamedCluster, type NameSource } from './run.js';
export { keywordName } from './keywords.js';
export { loadLabelPrompt, renderDistinguishPrompt, renderNamePrompt, shippedPromptDir } from './prompts.js';
export { readClusterName, readNewNames, jsonObjectIn } from './answer.js';
export { formatLabelEstimate } from './estimate.js';

/** Named labeler implementations; built-ins register below exactly as a plugin would. */
export const labelers = new Registry<LabelerFactory>('labeler');

labelers.register({
  name: 'openai',
  summary: 'any OpenAI-compatible chat model writes a name, a one-sentence description and inclusion criteria (the default)',
  settings: OPENAI_LABELER_SETTINGS,
  probe: probeOpenAILabeler,
  create: (options) => createOpenAILabeler(options),
});
labelers.register({
  name: 'keywords',
  summary: 'names each cluster by its top three keywords: offline, free, no model',
  settings: settingsSchema({}),
  create: createKeywordLabeler,
});
