import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRatingsCsv } from '../../src/evaluate/coding/pairs-csv.js';
import { buildFixtureProject, type FixtureProject } from '../support/project-fixture.js';
import { appFor, json, post } from './support.js';

let project: FixtureProject;
let app: ReturnType<typeof appFor>;

beforeEach(async () => {
  project = await buildFixtureProject();
  project.store.pairs.importPairs([
    { pairId: 'p1', imageA: project.itemIds[0], imageB: project.itemIds[1] },
    { pairId: 'p2', imageA: project.itemIds[2], imageB: project.itemIds[3] },
    { pairId: 'p3', imageA: project.itemIds[4], imageB: project.itemIds[5] },
  ]);
  app = appFor(project.store);
});
afterEach(() => project.store.close());

const get = (path: string): Promise<Response> => Promise.resolve(app.request(path));

describe('pair coding', () => {
  it('lists the pairs with the coder\u2019s own ratings and image links by pair, not by path', async () => {
    project.store.pairs.rate('p2', 'alice', { denotative: 3 });
    project.store.pairs.rate('p1', 'bob', { denotative: 1, connotative: 1 });
    const data = await json(get('/api/coding/pairs?coder=alice'));
    expect(data.coder).toBe('alice');
    expect(data.pairs.map((p: { pairId: string }) => p.pairId)).toEqual(['p1', 'p2', 'p3']);
    expect(data.pairs[0].rating).toBeNull();
    expect(data.pairs[1].rating).toEqual({ denotative: 3, connotative: null });
    expect(data.pairs[0].a).toEqual({ src: '/api/coding/pairs/p1/images/a', id: project.itemIds[0], metadata: { source: 'source-0', year: '2000' } });
    const image = await get(data.pairs[0].b.src);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect((await get('/api/coding/pairs/p1/images/c')).status).toBe(404);
    expect((await get('/api/coding/pairs/nope/images/a')).status).toBe(404);
    expect((await get('/api/coding/pairs/..%2F..%2Fetc%2Fpasswd/images/a')).status).toBe(404);
  });

  it('saves each judgement as it is made and confirms it', async () => {
    const first = await json(post(app, '/api/coding/pairs/p1/rating', { coder: 'alice', denotative: 2 }));
    expect(first).toMatchObject({ pairId: 'p1', coder: 'alice', denotative: 2, connotative: null });
    const second = await json(post(app, '/api/coding/pairs/p1/rating', { coder: 'alice', connotative: 3 }));
    expect(second).toMatchObject({ denotative: 2, connotative: 3 });
    expect(project.store.pairs.rating('p1', 'alice')).toMatchObject({ denotative: 2, connotative: 3 });
  });

  it.each([
    [{ coder: 'alice', denotative: 4 }, 400],
    [{ coder: 'alice', denotative: '2' }, 400],
    [{ coder: 'alice', denotative: 2.5 }, 400],
    [{ coder: 'alice' }, 400],
    [{ denotative: 2 }, 400],
    [{ coder: '', denotative: 2 }, 400],
    [{ coder: 'a b', denotative: 2 }, 400],
    [{ coder: '<img src=x>', denotative: 2 }, 400],
    [{ coder: 'x'.repeat(65), denotative: 2 }, 400],
  ])('refuses the rating %j', async (body, status) => {
    expect((await post(app, '/api/coding/pairs/p1/rating', body)).status).toBe(status);
    expect(project.store.pairs.ratings()).toEqual([]);
  });

  it('refuses ratings of unknown pairs', async () => {
    expect((await post(app, '/api/coding/pairs/p9/rating', { coder: 'alice', denotative: 1 })).status).toBe(404);
  });

  it('exports ratings in the format of ratings.csv, readable by the evaluate module', async () => {
    project.store.pairs.rate('p1', 'alice', { denotative: 2, connotative: 3 });
    project.store.pairs.rate('p2', 'alice', { denotative: 1 });
    project.store.pairs.rate('p1', 'bob', { denotative: 3, connotative: 3 });
    const response = await get('/api/coding/pairs/ratings.csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe('pair_id,coder,denotative,connotative');
    expect(parseRatingsCsv(text, 'export')).toEqual([
      { pairId: 'p1', coder: 'alice', denotative: 2, connotative: 3 },
      { pairId: 'p1', coder: 'bob', denotative: 3, connotative: 3 },
      { pairId: 'p2', coder: 'alice', denotative: 1, connotative: null },
    ]);
    const own = parseRatingsCsv(await (await get('/api/coding/pairs/ratings.csv?coder=bob')).text(), 'export');
    expect(own.map((r) => r.coder)).toEqual(['bob']);
  });
});

describe('interpretability coding', () => {
  async function createStudy(): Promise<number> {
    const response = await post(app, '/api/coding/studies', { clusteringId: project.clusterings.descriptions5, imagesPerSet: 3, seed: 5 });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  }

  it('creates one task per cluster from the evaluate module, never revealing the answers to coders', async () => {
    const id = await createStudy();
    const listing = await json(get('/api/coding/studies?coder=alice'));
    expect(listing).toEqual([expect.objectContaining({ id, tasks: 4, choices: 4, imagesPerSet: 3, done: 0 })]);
    const study = await json(get(`/api/coding/studies/${id}?coder=alice`));
    expect(study.tasks).toHaveLength(4);
    for (const task of study.tasks) {
      expect(task.images).toHaveLength(3);
      expect(task.options.map((o: { optionId: string }) => o.optionId)).toEqual(['1', '2', '3', '4']);
      expect(Object.keys(task)).toEqual(['taskId', 'images', 'options']);
    }
    expect(JSON.stringify(study)).not.toMatch(/"cluster"|option_clusters/);
    // The summaries are the clusters' top keywords.
    const summaries = new Set(study.tasks[0].options.map((o: { summary: string }) => o.summary));
    expect(summaries).toContain('flood, water, rescue, rain');
    const image = await get(study.tasks[0].images[2].src);
    expect(image.status).toBe(200);
    expect((await get(`/api/coding/studies/${id}/tasks/${study.tasks[0].taskId}/images/3`)).status).toBe(400);
    expect((await get(`/api/coding/studies/${id}/tasks/t999/images/0`)).status).toBe(404);
  });

  it('saves choices and skips, exports them and the key for scoring', async () => {
    const id = await createStudy();
    const study = await json(get(`/api/coding/studies/${id}`));
    const [t1, t2] = study.tasks;
    expect(await json(post(app, `/api/coding/studies/${id}/tasks/${t1.taskId}/choice`, { coder: 'alice', choice: '2' }))).toMatchObject({
      taskId: t1.taskId,
      coder: 'alice',
      choice: '2',
    });
    await post(app, `/api/coding/studies/${id}/tasks/${t2.taskId}/choice`, { coder: 'alice', choice: null });
    expect((await post(app, `/api/coding/studies/${id}/tasks/${t2.taskId}/choice`, { coder: 'alice', choice: '5' })).status).toBe(400);
    expect((await post(app, `/api/coding/studies/${id}/tasks/${t2.taskId}/choice`, { coder: 'alice', choice: 2 })).status).toBe(400);
    expect((await post(app, `/api/coding/studies/${id}/tasks/nope/choice`, { coder: 'alice', choice: '1' })).status).toBe(404);
    expect((await json(get(`/api/coding/studies/${id}?coder=alice`))).choices).toEqual({ [t1.taskId]: '2', [t2.taskId]: null });
    const choices = parse(await (await get(`/api/coding/studies/${id}/choices.csv`)).text(), { columns: true });
    expect(choices).toEqual(
      expect.arrayContaining([
        { task_id: t1.taskId, rater: 'alice', choice: '2' },
        { task_id: t2.taskId, rater: 'alice', choice: '' },
      ]),
    );
    const key = parse(await (await get(`/api/coding/studies/${id}/key.csv`)).text(), { columns: true }) as Record<string, string>[];
    expect(key).toHaveLength(16);
    expect(Object.keys(key[0])).toEqual(['task_id', 'cluster', 'option_id', 'option_cluster', 'summary']);
    // Each task's correct option summarises its own cluster.
    for (const row of key.filter((r) => r.cluster === r.option_cluster)) {
      expect(row.summary).toBe(project.store.clusterings.clusters(project.clusterings.descriptions5).find((c) => String(c.label) === row.cluster)!.keywords.map((k) => k.term).join(', '));
    }
  });

  it('validates study creation', async () => {
    expect((await post(app, '/api/coding/studies', { clusteringId: 999 })).status).toBe(404);
    expect((await post(app, '/api/coding/studies', { clusteringId: project.clusterings.descriptions5, imagesPerSet: 0 })).status).toBe(400);
    expect((await post(app, '/api/coding/studies', { clusteringId: 'x' })).status).toBe(400);
    expect((await get('/api/coding/studies/42')).status).toBe(404);
  });
});
