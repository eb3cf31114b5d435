import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterers } from '../../src/cluster/index.js';
import { describers } from '../../src/describe/index.js';
import { embedders } from '../../src/embed/index.js';
import { imageFeatureExtractors } from '../../src/image-features/index.js';
import { inspectRunOptions, resolveRunConfig } from '../../src/pipeline/config.js';
import { preflight } from '../../src/pipeline/preflight.js';
import { PreflightError } from '../../src/pipeline/problems.js';
import { keywordExtractors } from '../../src/keywords/index.js';
import { reducers } from '../../src/reduce/index.js';
import { parseSettings } from '../../src/cli/options.js';
import { tempDir } from '../support/temp.js';

const example = { input: 'examples/climate-demo', out: join(tempDir(), 'project') };

describe('settings schemas', () => {
  it('every built-in implementation of every stage declares one, so validation constructs nothing', () => {
    for (const registry of [describers, embedders, reducers, clusterers, imageFeatureExtractors, keywordExtractors]) {
      for (const entry of registry.list()) expect(entry.settings, `${registry.stage} '${entry.name}'`).toBeDefined();
    }
  });

  it('an unknown name suggests the nearest one and lists the choices', () => {
    expect(reducers.validate('umpa', {})).toEqual(["unknown reducer 'umpa' (did you mean 'umap'?); choose one of: umap, pca, none"]);
    expect(embedders.validate('MiniLM', {})[0]).toMatch(/did you mean 'minilm'\?/);
    expect(clusterers.validate('dbscan', {})[0]).toMatch(/did you mean 'hdbscan'\?/);
  });
});

describe('pre-flight of a resolved configuration', () => {
  it('the bundled example passes', async () => {
    expect(await preflight(resolveRunConfig(example), { command: 'run' })).toEqual([]);
  });

  it('reports every problem at once, one line each', async () => {
    const config = resolveRunConfig({
      ...example,
      embedder: { name: 'tfidf', dimensons: 5 },
      reduce: { name: 'umap', nNeighbors: -3 },
      layout: 'tsne',
      cluster: { name: 'hdbscan', minSampels: 3, clusterSelectionMethod: 'biggest' },
    });
    const problems = await preflight(config, { command: 'run' });
    expect(problems).toEqual([
      "embedder 'tfidf': unknown setting 'dimensons'; did you mean 'dimensions'? (allowed: dimensions, minDocumentFrequency, ngramRange, seed)",
      "reduce: reducer 'umap': setting 'nNeighbors' must be an integer of at least 2, got -3",
      "layout: unknown reducer 'tsne'; choose one of: umap, pca, none",
      expect.stringContaining("clusterer 'hdbscan': setting 'clusterSelectionMethod' must be 'eom' or 'leaf', got \"biggest\""),
      expect.stringContaining("clusterer 'hdbscan': unknown setting 'minSampels'; did you mean 'minSamples'?"),
    ]);
  });

  it('a corpus too small for k-means, a missing prompt file, an output path that is a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const config = resolveRunConfig({ ...example, out: file, promptFile: join(dir, 'missing.txt'), cluster: { name: 'kmeans', k: 500 } });
    const problems = await preflight(config, { command: 'run' });
    expect(problems).toContain(`--out ${file} is a file; it must be a folder (the project folder for the store and every output)`);
    expect(problems.some((p) => p.includes('missing.txt'))).toBe(true);
    expect(problems).toContain(`cluster: k-means with k = 500 needs at least that many points; the input ${config.input} has 107 images`);
  });

  it('evaluate also checks the CNN baseline and the coding files', async () => {
    const config = resolveRunConfig({ ...example, evaluation: { imageFeatures: { name: 'tfjs', model: 'vgg16' }, ratings: 'nope.csv' } });
    const problems = await preflight(config, { command: 'evaluate' });
    expect(problems).toContain(`evaluation.imageFeatures: image feature extractor 'tfjs': setting 'model' must be one of mobilenet-v2, inception-v3, got "vgg16"`);
    expect(problems).toContain(`--ratings ${join(process.cwd(), 'nope.csv')} does not exist`);
  });

  it('a paid service without a key fails before ingest, but --dry-run (which sends nothing) does not', async () => {
    const config = resolveRunConfig({ input: 'examples/climate-demo/images', out: example.out, describer: 'openai', embedder: 'tfidf' });
    const env = { PATH: process.env.PATH };
    expect(await preflight(config, { command: 'run', env })).toEqual([expect.stringMatching(/describer 'openai': no API key for OpenAI/)]);
    expect(await preflight(config, { command: 'dry-run', env })).toEqual([]);
  });
});

describe('options and config file problems', () => {
  it('are collected with the stage problems, and resolveRunConfig throws them all', () => {
    const { config, problems } = inspectRunOptions({ ...example, seed: -1, minClusterSizes: [1], keywords: { topN: 0 } });
    expect(config).not.toBeNull();
    expect(problems).toEqual([
      'option: setting \'seed\' must be an integer from 0 to 4294967295, got -1',
      "option: setting 'minClusterSizes[0]' must be whole numbers of at least 2, e.g. [5, 10, 20], got 1",
      "option: setting 'keywords.topN' must be an integer of at least 1, got 0",
    ]);
    expect(() => resolveRunConfig({ ...example, seed: -1 })).toThrow(PreflightError);
  });
});

describe('--*-settings options', () => {
  it('read key=value pairs (values as JSON where they parse) or a JSON object, later ones winning', () => {
    expect(parseSettings('temperature=0.2,detail=low,batch=true', undefined)).toEqual({ temperature: 0.2, detail: 'low', batch: true });
    expect(parseSettings('baseUrls=http://a/v1,http://b/v1,concurrency=4', undefined)).toEqual({ baseUrls: 'http://a/v1,http://b/v1', concurrency: 4 });
    expect(parseSettings('{"k": 8}', { k: 4, maxIterations: 10 })).toEqual({ k: 8, maxIterations: 10 });
    expect(() => parseSettings('nonsense', undefined)).toThrow(/key=value pairs or a JSON object/);
  });
});
