import { describe, expect, test } from 'vitest';
import { CONNECTION_SETTINGS, readConnection } from '../../src/providers/connection.js';
import { inferProfile } from '../../src/providers/profiles.js';
import { readSettings, setting, SettingsError, settingsSchema } from '../../src/util/settings.js';

const owner = "describer 'openai'";
const read = (settings: Record<string, unknown>, env: Record<string, string> = {}) =>
  readConnection(readSettings(owner, settingsSchema(CONNECTION_SETTINGS), settings), { owner, concurrency: 8, env });

describe('connection settings', () => {
  test('errors name the owner, the option and the bad value', () => {
    expect(() => read({ concurrency: 'lots' })).toThrow(`describer 'openai': setting 'concurrency' must be an integer from 1 to 4096, got "lots"`);
    expect(() => read({ rpm: -5 })).toThrow(/setting 'rpm' must be a number above 0, got -5/);
    expect(() => read({ profile: 'azure' })).toThrow(/setting 'profile' must be one of openai, vllm, ollama/);
    expect(() => read({ baseUrl: 'localhost:8000' })).toThrow(/setting 'baseUrl' must be an http\(s\) URL/);
  });

  test('an unknown key (a typo) is refused with the nearest allowed key and the list', () => {
    expect(() => read({ concurency: 4 })).toThrow(SettingsError);
    expect(() => read({ concurency: 4 })).toThrow(/unknown setting 'concurency'; did you mean 'concurrency'\? \(allowed: .*concurrency/);
  });

  test('every problem at once, one line each', () => {
    let error: SettingsError | undefined;
    try {
      read({ concurency: 4, rpm: 0, profile: 'azure' });
    } catch (caught) {
      error = caught as SettingsError;
    }
    expect(error?.problems).toHaveLength(3);
    expect(error?.message.split('\n')).toHaveLength(3);
  });

  test('numbers and booleans may come as strings, as from command-line flags', () => {
    const schema = settingsSchema({ a: setting.integer(), b: setting.boolean(), c: setting.number() });
    expect(readSettings('x', schema, { a: '16', b: 'true', c: '0.5' })).toEqual({ a: 16, b: true, c: 0.5 });
  });

  test('an API key is never echoed in a message', () => {
    expect(() => read({ apiKey: 42 })).toThrow(/setting 'apiKey' must be a non-empty string, got \(hidden\)/);
  });
});

describe('readConnection', () => {
  test('settings win over OPENAI_BASE_URL and OPENAI_API_KEY', () => {
    const env = { OPENAI_BASE_URL: 'http://env-host:8000/v1', OPENAI_API_KEY: 'env-key' };
    expect(read({}, env).endpoints).toEqual([{ url: 'http://env-host:8000/v1', apiKey: 'env-key', concurrency: 8, rpm: undefined, tpm: undefined }]);
    expect(read({}, env).profile.name).toBe('vllm');
    const explicit = read({ baseUrl: 'https://api.openai.com/v1/', apiKey: 'mine' }, env);
    expect(explicit.endpoints[0]).toMatchObject({ url: 'https://api.openai.com/v1', apiKey: 'mine' });
    expect(explicit.profile.name).toBe('openai');
  });

  test('without any URL, OpenAI is assumed; a profile alone brings its default URL', () => {
    expect(read({}).endpoints[0].url).toBe('https://api.openai.com/v1');
    expect(read({}).missingApiKey).toBe(true);
    expect(read({ profile: 'ollama' }).endpoints[0].url).toBe('http://localhost:11434/v1');
    expect(read({ profile: 'ollama' }).missingApiKey).toBe(false);
  });

  test('a provider\'s own key variable is preferred to OPENAI_API_KEY', () => {
    const connection = read({ profile: 'gemini' }, { GEMINI_API_KEY: 'g', OPENAI_API_KEY: 'o' });
    expect(connection.endpoints[0].apiKey).toBe('g');
  });

  test('several endpoints: a list, objects with their own limits, or a comma-separated flag', () => {
    const listed = read({ baseUrls: ['http://a:8000/v1', { url: 'http://b:8000/v1', concurrency: 32, rpm: 600 }], concurrency: 4, tpm: 1000 });
    expect(listed.endpoints).toEqual([
      { url: 'http://a:8000/v1', apiKey: 'no-key-needed', concurrency: 4, rpm: undefined, tpm: 1000 },
      { url: 'http://b:8000/v1', apiKey: 'no-key-needed', concurrency: 32, rpm: 600, tpm: 1000 },
    ]);
    expect(read({ baseUrl: 'http://a:8000/v1,http://b:8000/v1' }).endpoints.map((e) => e.url)).toEqual(['http://a:8000/v1', 'http://b:8000/v1']);
    // A repeated --base-url arrives as a list, each entry possibly comma-separated.
    expect(read({ baseUrls: ['http://a:8000/v1,http://b:8000/v1', 'http://c:8000/v1'] }).endpoints.map((e) => e.url)).toEqual([
      'http://a:8000/v1',
      'http://b:8000/v1',
      'http://c:8000/v1',
    ]);
    expect(() => read({ baseUrls: ['http://a:8000/v1', 'http://a:8000/v1'] })).toThrow(/distinct URLs/);
    expect(() => read({ baseUrls: [{ url: 'http://a/v1', concurrency: 0 }] })).toThrow(/setting 'baseUrls\[0\]\.concurrency' must be an integer from 1 to 4096, got 0/);
    expect(() => read({ baseUrl: 'http://a/v1', baseUrls: ['http://b/v1'] })).toThrow(/not both/);
  });

  test('timeouts and retries', () => {
    const connection = read({ timeoutSeconds: '2.5', maxRetries: 0 });
    expect(connection.retry).toMatchObject({ timeoutMs: 2500, maxRetries: 0 });
  });
});

describe('inferProfile', () => {
  test.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'gemini'],
    ['https://api.anthropic.com/v1/', 'anthropic'],
    ['http://localhost:11434/v1', 'ollama'],
    ['http://gpu-box:8000/v1', 'vllm'],
    ['http://localhost:1234/v1', 'lmstudio'],
    ['http://127.0.0.1:8080/v1', 'llamacpp'],
    ['http://127.0.0.1:4000/v1', 'generic'],
  ])('%s is %s', (url, profile) => {
    expect(inferProfile(url)).toBe(profile);
  });
});
