import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../src/pipeline/config.js';
import type { FeatureAnalysis } from '../../src/pipeline/analyse.js';
import { assignmentsCsv, clusterSummaries, clustersCsv, escapeHtml, reportHtml, type ReportInput } from '../../src/report/index.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & \'single\'';

function input(): ReportInput {
  const labels = Int32Array.from([0, 0, 1, -1]);
  const analysis: FeatureAnalysis = {
    reduced: { rows: 4, cols: 2, data: new Float64Array(8) },
    layout: { rows: 4, cols: 2, data: Float64Array.from([0, 0, 1, 0, 5, 5, 9, 9]) },
    clusterings: [
      {
        minClusterSize: 2,
        result: { labels, probabilities: Float64Array.from([1, 0.5, 1, 0]), outlierScores: Float64Array.from([0, 0.4, 0, 1]), nClusters: 2 },
        clusters: [
          { label: 0, size: 2, keywords: [{ term: HOSTILE, score: 0.5 }], tfidfKeywords: [{ term: 'ice', score: 0.3 }], representatives: [0, 1] },
          { label: 1, size: 1, keywords: [{ term: 'protest', score: 0.4 }], tfidfKeywords: [], representatives: [2] },
        ],
        seconds: 0,
      },
    ],
    reducedFromCache: false,
    layoutFromCache: false,
  };
  return {
    runId: 'r1',
    config: resolveRunConfig({ input: 'examples/climate-demo/images' }),
    method: 'descriptions',
    features: 'reference describer (test), prompt connotative; tfidf embeddings (tfidf-lsa)',
    items: [
      { id: 'a', hash: 'ha', path: '/x/a.jpg', metadata: { author: 'Ada' }, position: 0 },
      { id: 'a-copy', hash: 'ha', path: '/x/a2.jpg', metadata: { author: 'Ada' }, position: 1 },
      { id: 'b', hash: 'hb', path: '/x/b.jpg', metadata: { author: HOSTILE }, position: 2 },
      { id: 'c', hash: 'hc', path: '/x/c.jpg', metadata: {}, position: 3 },
      { id: 'd', hash: 'hd', path: '/x/d.jpg', metadata: {}, position: 4 },
      { id: 'broken', hash: 'hx', path: '/x/broken.jpg', metadata: {}, position: 5 },
    ],
    rows: [
      { hash: 'ha', itemIds: ['a', 'a-copy'], text: `A description quoting a sign: ${HOSTILE}` },
      { hash: 'hb', itemIds: ['b'], text: 'plain' },
      { hash: 'hc', itemIds: ['c'], text: 'plain' },
      { hash: 'hd', itemIds: ['d'], text: 'plain' },
    ],
    analysis,
    errors: [{ runId: 'r1', stage: 'describe', itemId: 'broken', path: '/x/broken.jpg', message: HOSTILE }],
    thumbnail: (hash) => ({ data: Buffer.from(`thumb-${hash}`), type: 'image/webp' }),
  };
}

/** The report with what changes between builds and machines taken out: the bundled script, the embedded images, the checkout's path. */
function normalised(html: string): string {
  return html
    .replace(/<script>[\s\S]*?<\/script>/, '<script>/* explorer bundle */</script>')
    .replace(/base64,[A-Za-z0-9+/=]+/g, 'base64,…')
    .split(process.cwd()).join('<checkout>');
}

const SNAPSHOT = 'test/report/__snapshots__/report.html';

describe('report.html', () => {
  it('escapes every string that came from a model, a file or a user, in the page and in its data', () => {
    const html = reportHtml(input());
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml(HOSTILE));
    // Only two script elements: the JSON block (with < escaped) and the bundled explorer.
    expect(html.match(/<script/g)).toHaveLength(2);
    const data = /<script type="application\/json" id="connote-explorer-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(data).not.toContain('<');
    expect(JSON.parse(data).rows[0].text).toContain(HOSTILE);
  });

  it('embeds each thumbnail once, for the cards and the map, and keeps the file self-contained', () => {
    const html = reportHtml(input());
    expect(html.match(new RegExp(Buffer.from('thumb-ha').toString('base64'), 'g'))).toHaveLength(1);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('Cluster 0 <small>3 images</small>'); // duplicates counted per item
    expect(html).toContain('Noise <small>1 image</small>');
    expect(normalised(html)).not.toContain('{}'); // stages without settings print none
  });

  it('shows names, descriptions, the cluster tree and the text read in an image apart from the description', () => {
    const base = input();
    const clustering = base.analysis.clusterings[0];
    const named = {
      ...base,
      rows: base.rows.map((row, i) => (i === 1 ? { ...row, text: 'A rally downtown.\n\nText in the image: CLIMATE JUSTICE NOW' } : row)),
      analysis: { ...base.analysis, clusterings: [{ ...clustering, clusters: clustering.clusters.map((c, i) => (i === 0 ? { ...c, name: 'Melting ice', description: 'Glaciers as loss.', criteria: 'Ice on screen.' } : c)) }] },
      hierarchies: new Map([
        [2, { clusteringId: 1, method: 'ctfidf-average', root: 2, nodes: [
          { id: 0, label: 0, children: [], distance: 0, size: 3, labels: [0], keywords: [{ term: 'ice', score: 1 }] },
          { id: 1, label: 1, children: [], distance: 0, size: 1, labels: [1], keywords: [{ term: 'protest', score: 1 }] },
          { id: 2, label: null, children: [0, 1], distance: 0.8, size: 4, labels: [0, 1], keywords: [{ term: 'climate', score: 1 }] },
        ] }],
      ]),
    };
    const html = reportHtml(named);
    expect(html).toContain('Cluster 0: Melting ice');
    expect(html).toContain('<p class="about">Glaciers as loss.</p>');
    expect(html).toContain('<summary>4 images in 2 clusters · climate <small>joined at 0.80</small></summary>');
    expect(html).toContain('<a href="#mcs2-c1">');
    const data = JSON.parse(/id="connote-explorer-data">([\s\S]*?)<\/script>/.exec(html)![1]) as { rows: Array<{ text: string; imageText?: string }> };
    expect(data.rows[1]).toEqual({ ids: ['b'], text: 'A rally downtown.', imageText: 'CLIMATE JUSTICE NOW' });

    // Snapshot of the normalised page; on a difference the new page is written beside it to look at.
    const page = normalised(html);
    if (!existsSync(SNAPSHOT) || process.env.UPDATE_SNAPSHOTS) writeFileSync(SNAPSHOT, page);
    const expected = readFileSync(SNAPSHOT, 'utf8');
    if (page !== expected) writeFileSync(SNAPSHOT.replace(/\.html$/, '-changed.html'), page);
    expect(page === expected, `report.html changed: compare ${SNAPSHOT} with its -changed copy; UPDATE_SNAPSHOTS=1 accepts it`).toBe(true);
  });
});

describe('tables', () => {
  it('lists every item, duplicates included, with empty cells for unclustered ones', () => {
    const rows = parse(assignmentsCsv(input()), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(['a', 'a-copy', 'b', 'c', 'd', 'broken']);
    expect(rows[1]).toMatchObject({ cluster_mcs2: '0', probability_mcs2: '1', author: 'Ada', x: '0', y: '0' });
    expect(rows[5]).toMatchObject({ cluster_mcs2: '', x: '' });
    expect(rows[2].author).toBe(HOSTILE); // CSV keeps the text as is: quoting, not escaping
  });

  it('summarises clusters with sizes over items and representative ids', () => {
    const summaries = clusterSummaries(input());
    expect(summaries.map((s) => [s.cluster, s.size, s.representatives])).toEqual([
      [0, 3, ['a', 'b']],
      [1, 1, ['c']],
    ]);
    expect(clustersCsv(summaries).split('\n')[0]).toBe('min_cluster_size,cluster,size,keywords,tfidf_keywords,representatives,name,description,criteria');
  });
});
