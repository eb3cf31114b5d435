import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../src/pipeline/config.js';
import { tempDir } from '../support/temp.js';

describe('resolveRunConfig', () => {
  it('reads the config inside an example folder, which names its own input', () => {
    const config = resolveRunConfig({ input: 'examples/climate-demo', out: 'out/x' });
    expect(config.input).toBe(resolve('examples/climate-demo/manifest.csv'));
    expect(config.describer.name).toBe('reference');
    expect(config.embedder.name).toBe('tfidf');
    expect(config.cluster.minClusterSizes).toEqual([3, 5, 8]);
    expect(config.baseDir).toBe(resolve('examples/climate-demo'));
    expect(config.out).toBe(resolve('out/x'));
  });

  it('uses the paper and BERTopic defaults', () => {
    const config = resolveRunConfig({ input: 'examples/climate-demo/images' });
    expect(config.reduce).toEqual({ name: 'umap', nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine' });
    expect(config.layout.nComponents).toBe(2);
    expect(config.keywords).toEqual({ topN: 10, ngramRange: [1, 2], removePromptWords: true, diversity: 0, extraStopWords: [], stopWordsFile: null });
    expect(config.labels).toMatchObject({ enabled: false, labeler: { name: 'openai', settings: {} }, promptFile: null, samples: 10 });
    expect(config.embedder.name).toBe('minilm');
    expect(config.seed).toBe(42);
  });

  it('lets command-line options override the file, keeping settings of the same implementation', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ input: 'imgs', describer: { name: 'openai', model: 'gpt-4o', detail: 'low' }, minClusterSizes: [10] }),
    );
    const config = resolveRunConfig({ config: join(dir, 'c.json'), describer: { model: 'gpt-4.1-mini' }, minClusterSizes: [20, 5, 20] });
    expect(config.input).toBe(join(dir, 'imgs'));
    expect(config.describer).toEqual({ name: 'openai', settings: { model: 'gpt-4.1-mini', detail: 'low' } });
    expect(config.cluster.minClusterSizes).toEqual([5, 20]);
  });

  it('explains bad values and files', () => {
    expect(() => resolveRunConfig({ input: 'x', minClusterSizes: [1] })).toThrow(/whole numbers of at least 2/);
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => resolveRunConfig({ config: join(dir, 'bad.json') })).toThrow(/bad\.json is not valid/);
    expect(() => resolveRunConfig({})).toThrow(/no input given/);
  });
});
