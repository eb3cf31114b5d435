import { bareModelName } from './pricing.js';

export type ImageDetail = 'low' | 'high' | 'auto';

/**
 * Image input tokens as OpenAI documents them ("Images and vision: calculating costs").
 *
 * Tile models (GPT-4o, GPT-4.1, GPT-4 Turbo, GPT-5): low detail costs the base alone; high
 * detail first fits the image in 2048 x 2048, then shrinks it so the shortest side is at
 * most 768 px, and adds one tile price per 512 px tile needed to cover it.
 *
 * Patch models (GPT-4.1-mini/nano, GPT-5-mini/nano, o4-mini): one token per 32 px patch,
 * at most 1536 patches (larger images are shrunk to fit), times a per-model multiplier.
 *
 * `auto` lets the model choose; it is estimated as high, the upper bound.
 */
interface TileRule {
  readonly kind: 'tile';
  readonly base: number;
  readonly tile: number;
}
interface PatchRule {
  readonly kind: 'patch';
  readonly multiplier: number;
}
type ImageRule = TileRule | PatchRule;

const tile = (base: number, tilePrice: number): TileRule => ({ kind: 'tile', base, tile: tilePrice });
const patch = (multiplier: number): PatchRule => ({ kind: 'patch', multiplier });

const RULES: ReadonlyArray<readonly [RegExp, ImageRule]> = [
  [/^gpt-4o-mini/, tile(2833, 5667)],
  [/^gpt-4\.1-mini/, patch(1.62)],
  [/^gpt-4\.1-nano/, patch(2.46)],
  [/^gpt-5-mini/, patch(1.62)],
  [/^gpt-5-nano/, patch(2.46)],
  [/^o4-mini/, patch(1.72)],
  [/^gpt-5/, tile(70, 140)],
];

/** GPT-4o's rule, also used for models OpenAI does not document (an order-of-magnitude guess). */
const DEFAULT_RULE = tile(85, 170);

export function imageRuleFor(model: string): { rule: ImageRule; documented: boolean } {
  const name = bareModelName(model);
  for (const [pattern, rule] of RULES) if (pattern.test(name)) return { rule, documented: true };
  const documented = /^(gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-4-1106-vision|gpt-4\.5|o1|o3)/.test(name);
  return { rule: DEFAULT_RULE, documented };
}

export function openAIImageTokens(width: number, height: number, detail: ImageDetail, model: string): number {
  const { rule } = imageRuleFor(model);
  return rule.kind === 'tile' ? tileTokens(width, height, detail, rule) : patchTokens(width, height, detail, rule);
}

function tileTokens(width: number, height: number, detail: ImageDetail, rule: TileRule): number {
  if (detail === 'low') return rule.base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    w *= 768 / shortest;
    h *= 768 / shortest;
  }
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  return rule.base + rule.tile * tiles;
}

const PATCH = 32;
const PATCH_BUDGET = 1536;

function patchTokens(width: number, height: number, detail: ImageDetail, rule: PatchRule): number {
  let w = width;
  let h = height;
  if (detail === 'low') {
    // Assumption: low detail means the 512 x 512 version, as for tile models.
    const fit = Math.min(1, 512 / Math.max(w, h));
    w *= fit;
    h *= fit;
  }
  let patches = Math.ceil(w / PATCH) * Math.ceil(h / PATCH);
  if (patches > PATCH_BUDGET) {
    const shrink = Math.sqrt((PATCH_BUDGET * PATCH * PATCH) / (w * h));
    w *= shrink;
    h *= shrink;
    // Then shrink a little more so the width is a whole number of patches.
    const whole = Math.floor(w / PATCH) / (w / PATCH);
    w *= whole;
    h *= whole;
    patches = Math.min(PATCH_BUDGET, Math.ceil(w / PATCH) * Math.ceil(h / PATCH));
  }
  return Math.ceil(patches * rule.multiplier);
}
