import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOpenAIDescriber } from '../../src/describe/openai.js';
import { BUILT_IN_PROMPTS } from '../../src/describe/prompts.js';
import { PROFILES, type ProfileName } from '../../src/providers/profiles.js';
import { useProviderServers, type Flavour } from '../provider-server/index.js';
import { collect, makeImageFolder, testContext, type ImageFolder } from './fixtures.js';

let folder: ImageFolder;
const serve = useProviderServers();
beforeAll(async () => {
  folder = await makeImageFolder(2);
});
afterAll(async () => {
  await folder.remove();
});

const run = async (flavour: Flavour, profile: ProfileName, settings: Record<string, unknown> = {}) => {
  const server = await serve({ flavour });
  const describer = createOpenAIDescriber(
    { prompt: BUILT_IN_PROMPTS.connotative, baseDir: '.', settings: { baseUrl: server.url, profile, apiKey: 'k', model: 'vision-model', ...settings } },
    { env: {} },
  );
  const outcomes = await collect(describer.describe(folder.requests, testContext()));
  const body = server.requests[0]?.body as Record<string, unknown> | undefined;
  const image = (body?.messages as Array<{ content: Array<{ image_url?: Record<string, unknown> }> }> | undefined)?.[0].content[1].image_url;
  return { outcomes, body, image, describer };
};

/** What each provider's documentation says its request should carry. */
const EXPECTED: Record<Flavour, { maxTokensField: string; seed: boolean; detail: boolean }> = {
  openai: { maxTokensField: 'max_completion_tokens', seed: true, detail: true },
  vllm: { maxTokensField: 'max_tokens', seed: true, detail: false },
  ollama: { maxTokensField: 'max_tokens', seed: true, detail: false },
  lmstudio: { maxTokensField: 'max_tokens', seed: true, detail: false },
  llamacpp: { maxTokensField: 'max_tokens', seed: true, detail: false },
  openrouter: { maxTokensField: 'max_tokens', seed: true, detail: true },
  gemini: { maxTokensField: 'max_tokens', seed: true, detail: false },
  anthropic: { maxTokensField: 'max_tokens', seed: false, detail: false },
};

describe('request shapes per provider profile', () => {
  test.each(Object.keys(EXPECTED) as Flavour[])('%s: the server accepts the profile\'s request, which carries only documented fields', async (flavour) => {
    const { outcomes, body, image, describer } = await run(flavour, flavour);
    expect(outcomes.map((o) => o.kind === 'description' && o.status)).toEqual(['ok', 'ok']);
    const expected = EXPECTED[flavour];
    expect(body![expected.maxTokensField]).toBe(400);
    expect(Object.keys(body!).filter((k) => k.startsWith('max_'))).toEqual([expected.maxTokensField]);
    expect('seed' in body!).toBe(expected.seed);
    expect('detail' in image!).toBe(expected.detail);
    expect(body!.temperature).toBe(0);
    // The signature records a parameter only when it was sent.
    expect('seed' in describer.signature.params && describer.signature.params.seed !== undefined).toBe(expected.seed);
    expect(describer.signature.params.detail !== undefined).toBe(expected.detail);
  });

  test('the strict server catches a mismatched shape (OpenAI\'s request against Ollama\'s documented fields)', async () => {
    const { outcomes } = await run('ollama', 'openai');
    expect(outcomes.every((o) => o.kind === 'failure')).toBe(true);
    expect(outcomes[0].kind === 'failure' && outcomes[0].message).toMatch(/HTTP 400.*(max_completion_tokens|detail)/);
  });

  test('Anthropic caps temperature at 1', () => {
    expect(() => createOpenAIDescriber({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: '.', settings: { profile: 'anthropic', model: 'claude-sonnet-4-5', temperature: 1.5 } }, { env: {} })).toThrow(
      /setting 'temperature' must be a number from 0 to 1/,
    );
  });

  test('OpenAI reasoning models are sent no temperature (they accept only the default)', async () => {
    const { body, describer } = await run('openai', 'openai', { model: 'o4-mini' });
    expect(body).not.toHaveProperty('temperature');
    expect(describer.signature.params.temperature).toBeUndefined();
    expect(() =>
      createOpenAIDescriber({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: '.', settings: { model: 'gpt-5-mini', temperature: 0 } }, { env: {} }),
    ).toThrow(/left unset for gpt-5-mini/);
  });

  test('a local server needs a model name but no key; a hosted one gets the default model', () => {
    expect(() => createOpenAIDescriber({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: '.', settings: { baseUrl: 'http://localhost:11434/v1' } }, { env: {} })).toThrow(
      /setting 'model' must be set for Ollama \(e\.g\. llava:7b or qwen2\.5vl:7b\)/,
    );
    const hosted = createOpenAIDescriber({ prompt: BUILT_IN_PROMPTS.connotative, baseDir: '.', settings: {} }, { env: {} });
    expect(hosted.signature.model).toBe('gpt-4o');
  });

  test('every profile has a documented default base URL that infers back to it', async () => {
    const { inferProfile } = await import('../../src/providers/profiles.js');
    for (const profile of Object.values(PROFILES)) {
      if (profile.defaultBaseUrl) expect(inferProfile(profile.defaultBaseUrl)).toBe(profile.name);
    }
  });
});
