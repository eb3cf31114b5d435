import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelCacheDir, offlineFromEnvironment, readModelSource } from '../../src/models/index.js';
import { fileTempDir } from '../support/temp.js';

const defaults = { model: 'Xenova/all-MiniLM-L6-v2', dtype: 'fp32' as const };

describe('model cache folder', () => {
  it('is under the user cache directory, never node_modules', () => {
    expect(defaultModelCacheDir({}, '/home/ana')).toBe('/home/ana/.cache/connote/models');
    expect(defaultModelCacheDir({ XDG_CACHE_HOME: '/var/cache/ana' }, '/home/ana')).toBe('/var/cache/ana/connote/models');
    // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
    expect(defaultModelCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.cache/connote/models');
    expect(defaultModelCacheDir({ CONNOTE_MODEL_CACHE: '/data/models', XDG_CACHE_HOME: '/x' }, '/home/ana')).toBe('/data/models');
  });

  it('offline mode follows connote and Hugging Face environment switches', () => {
    expect(offlineFromEnvironment({})).toBe(false);
    expect(offlineFromEnvironment({ CONNOTE_OFFLINE: '1' })).toBe(true);
    expect(offlineFromEnvironment({ HF_HUB_OFFLINE: 'true' })).toBe(true);
    expect(offlineFromEnvironment({ TRANSFORMERS_OFFLINE: '0' })).toBe(false);
  });
});

describe('readModelSource', () => {
  it('takes a Hub id with the defaults, the cache as local model path', () => {
    const source = readModelSource({}, '/base', 'test', defaults, { XDG_CACHE_HOME: '/c' });
    expect(source).toEqual({
      model: 'Xenova/all-MiniLM-L6-v2',
      isFolder: false,
      revision: 'main',
      dtype: 'fp32',
      offline: false,
      cacheDir: '/c/connote/models',
      localModelPath: '/c/connote/models',
    });
  });

  it('resolves folders against the base folder; an existing relative folder wins over the Hub', () => {
    const base = fileTempDir('connote-models-');
    mkdirSync(join(base, 'owner', 'name'), { recursive: true });
    expect(readModelSource({ model: './m' }, base, 'test', defaults, {}).model).toBe(join(base, 'm'));
    const existing = readModelSource({ model: 'owner/name' }, base, 'test', defaults, {});
    expect(existing).toMatchObject({ model: join(base, 'owner', 'name'), isFolder: true });
    expect(readModelSource({ model: 'owner/other' }, base, 'test', defaults, {}).isFolder).toBe(false);
  });

  it('reads revision, dtype (also per file), offline, threads and folders', () => {
    const source = readModelSource(
      {
        revision: 'v2',
        dtype: { decoder_model_merged: 'q4', vision_encoder: 'fp32' },
        offline: 'true',
        threads: '2',
        cacheDir: 'cache',
        localModelPath: '/models',
      },
      '/base',
      'test',
      defaults,
      {},
    );
    expect(source).toMatchObject({
      revision: 'v2',
      dtype: { decoder_model_merged: 'q4', vision_encoder: 'fp32' },
      offline: true,
      threads: 2,
      cacheDir: '/base/cache',
      localModelPath: '/models',
    });
  });

  it('fails clearly on bad values', () => {
    expect(() => readModelSource({ dtype: 'float32' }, '/', "embedder 'x'", defaults, {})).toThrow(
      /embedder 'x': setting 'dtype' must be one of auto, fp32, fp16, q8/,
    );
    expect(() => readModelSource({ model: 'not a model!' }, '/', 'x', defaults, {})).toThrow(
      /neither an existing folder nor a Hugging Face model id/,
    );
    expect(() => readModelSource({ threads: 0 }, '/', 'x', defaults, {})).toThrow(/setting 'threads' must be an integer of at least 1, got 0/);
    expect(() => readModelSource({ offline: 'maybe' }, '/', 'x', defaults, {})).toThrow(/setting 'offline' must be true or false, got "maybe"/);
  });
});
