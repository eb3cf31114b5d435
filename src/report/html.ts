import type { ClusterDigest, SummarisedClustering } from '../types/analysis.js';
import type { HierarchyNode } from '../store/index.js';
import { countByLabel } from '../cluster/counts.js';
import { redactSecrets } from '../util/secrets.js';
import { reportClientScript } from './client-bundle.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { EXPLORER_DATA_ID } from './explorer-contract.js';
import { explorerData } from './explorer-data.js';
import type { ReportInput } from './model.js';
import { clusterColour, NOISE_COLOUR } from './palette.js';
import { storedThumbnails, type ReportThumbnails } from './thumbnails.js';
import { REPORT_STYLE } from './style.js';

/** Descriptions quoted on each static card. */
const QUOTED = 2;

/**
 * `report.html`: one self-contained file that opens offline, with nothing fetched from anywhere.
 * Without script it is a complete reading (cards with names, keywords, representative images and
 * quotes, the cluster tree, errors, parameters); its inlined explorer script adds the zoomable
 * map, search, every member of every cluster and the noise page by page, and each image opened
 * with its description. Thumbnails are embedded once each, as CSS rules both use.
 */
export function reportHtml(input: ReportInput, thumbnails: ReportThumbnails = storedThumbnails(input)): string {
  const sections = input.analysis.clusterings.map((clustering, index) => clusteringSection(input, clustering, index === 0, thumbnails));
  const totalItems = input.items.length;
  const clustered = input.rows.reduce((sum, row) => sum + row.itemIds.length, 0);
  const config = input.config;
  const data = explorerData(input, [...thumbnails.byRow.keys()], thumbnails.note);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>connote report: ${escapeHtml(config.input)}</title>
<style>${REPORT_STYLE}</style>
<style id="connote-thumbnails">${thumbnailCss(thumbnails)}</style>
</head>
<body>
<header>
  <h1>connote report</h1>
  <p class="lede">${escapeHtml(totalItems)} images from <code>${escapeHtml(config.input)}</code>, clustered by their
  <strong>${escapeHtml(input.method === 'descriptions' ? 'descriptions' : 'image features')}</strong> (${escapeHtml(input.features)};
  ${escapeHtml(config.reduce.name)} to ${escapeHtml(config.reduce.nComponents)}-D; ${escapeHtml(config.cluster.name)}).
  ${escapeHtml(clustered)} clustered, ${escapeHtml(input.errors.length)} with errors. Run <code>${escapeHtml(input.runId)}</code>.</p>
  <nav aria-label="Clusterings">${input.analysis.clusterings
    .map((c) => `<a href="#mcs${c.minClusterSize}">min cluster size ${c.minClusterSize}: ${c.result.nClusters} clusters</a>`)
    .join(' ')}</nav>
</header>
<main>
${explorerSection(input)}
<noscript><p class="notice">The map, search and full member lists need JavaScript; every cluster is still described below.</p></noscript>
${data.limits ? `<p class="notice">${escapeHtml(data.limits)}</p>` : ''}
${sections.join('\n')}
${nearDuplicatesSection(input, thumbnails)}
${errorsSection(input)}
${parametersSection(input)}
</main>
<dialog id="x-image" aria-label="Image"></dialog>
<footer>Made with connote: descriptions embedded, reduced and clustered as in Arminio et al. (2025). Keywords: c-TF-IDF (BERTopic) and TF-IDF.</footer>
<script type="application/json" id="${EXPLORER_DATA_ID}">${jsonForScript(data)}</script>
<script>${reportClientScript()}</script>
</body>
</html>
`;
}

/** The explorer's frame; hidden until its script has filled it. */
function explorerSection(input: ReportInput): string {
  if (input.analysis.layout.rows === 0 || input.analysis.clusterings.length === 0) return '';
  return `<section id="explore" class="explorer" hidden>
<div class="toolbar">
  <label>Clustering <select id="x-clustering"></select></label>
  <span class="zoom"><button type="button" data-zoom="out" title="Zoom out (-)">−</button><button type="button" data-zoom="in" title="Zoom in (+)">+</button><button type="button" data-zoom="fit" title="Show everything (0)">Fit</button></span>
  <form id="x-search-form" role="search"><input type="search" id="x-search" placeholder="Find an id or words in the descriptions" aria-label="Search"> <span id="x-found" class="muted"></span></form>
  <span id="x-status" class="muted"></span>
</div>
<div class="explore-body">
  <div id="x-stage" class="map-stage"></div>
  <aside class="explore-side"><h3>Clusters</h3><ol id="x-legend" class="legend"></ol></aside>
</div>
<p class="muted">Each dot is an image, placed by a 2-D ${escapeHtml(input.config.layout.name)} layout of its ${input.method === 'descriptions' ? 'description' : 'image features'} and coloured by cluster (grey: noise). Drag to pan, scroll or pinch to zoom (thumbnails appear close up), hover for an image, click to open it.</p>
<section id="x-cluster" class="cluster-view" hidden aria-live="polite"></section>
</section>`;
}

function clusteringSection(input: ReportInput, clustering: SummarisedClustering, open: boolean, thumbnails: ReportThumbnails): string {
  const itemsPerLabel = countByLabel(clustering.result.labels, (row) => input.rows[row].itemIds.length);
  const noiseItems = itemsPerLabel.get(-1) ?? 0;
  const size = clustering.minClusterSize;
  const rowsPerLabel = countByLabel(clustering.result.labels, () => 1);
  const cards = clustering.clusters.map((cluster) => clusterCard(input, size, cluster, itemsPerLabel.get(cluster.label) ?? 0, rowsPerLabel.get(cluster.label) ?? 0, thumbnails));
  const tree = input.hierarchies?.get(size);
  return `<section id="mcs${size}">
<details${open ? ' open' : ''}>
<summary><h2>Minimum cluster size ${size}: ${clustering.result.nClusters} clusters, ${noiseItems} noise</h2></summary>
${tree && tree.root >= 0 ? treeSection(size, clustering, tree.nodes, tree.root) : ''}
<div class="cards">
${cards.join('\n')}
<article class="card noise" id="mcs${size}-noise"><h3><span class="swatch" style="background:${NOISE_COLOUR}"></span>Noise <small>${noiseItems} image${noiseItems === 1 ? '' : 's'}</small></h3>
<p>Images HDBSCAN did not place in any cluster at this size. Smaller minimum sizes leave fewer images as noise.</p>
${noiseItems > 0 ? `<button type="button" class="all" data-members="${size}:-1" hidden>List the noise</button>` : ''}</article>
</div>
</details>
</section>`;
}

/** `size` counts items (exact duplicates included), `rows` the distinct images the member list pages through. */
function clusterCard(input: ReportInput, minClusterSize: number, cluster: ClusterDigest, size: number, rows: number, thumbnails: ReportThumbnails): string {
  const reps = cluster.representatives.map((row) => ({ row, entry: input.rows[row] }));
  const thumbs = reps
    .map(({ row, entry }) =>
      thumbnails.byRow.has(row)
        ? `<span class="thumb r${row}" role="img" aria-label="${escapeHtml(entry.itemIds[0])}" title="${escapeHtml(entry.itemIds.join(', '))}"></span>`
        : `<span class="thumb no-thumb">${escapeHtml(entry.itemIds[0])}</span>`,
    )
    .join('');
  const quotes = reps.slice(0, QUOTED).map(({ entry }) => `<blockquote><cite>${escapeHtml(entry.itemIds[0])}</cite>${escapeHtml(entry.text)}</blockquote>`);
  return `<article class="card" id="mcs${minClusterSize}-c${cluster.label}">
  <h3><span class="swatch" style="background:${clusterColour(cluster.label)}"></span>Cluster ${cluster.label}${cluster.name ? `: ${escapeHtml(cluster.name)}` : ''} <small>${size} image${size === 1 ? '' : 's'}</small></h3>
  ${cluster.description ? `<p class="about">${escapeHtml(cluster.description)}</p>` : ''}
  ${cluster.criteria ? `<p class="criteria"><span class="label">Includes:</span> ${escapeHtml(cluster.criteria)}</p>` : ''}
  <p class="keywords">${cluster.keywords.map((k) => `<span class="kw" title="c-TF-IDF ${k.score.toFixed(4)}">${escapeHtml(k.term)}</span>`).join('')}</p>
  <p class="tfidf"><span class="label">TF-IDF:</span> ${escapeHtml(cluster.tfidfKeywords.map((k) => k.term).join(', '))}</p>
  <div class="thumbs">${thumbs}</div>
  ${quotes.join('\n  ')}
  <button type="button" class="all" data-members="${minClusterSize}:${cluster.label}" data-size="${rows}" hidden>All ${size} image${size === 1 ? '' : 's'}</button>
</article>`;
}

/**
 * The cluster tree as nested lists a reader can fold: inner nodes say what their branch has in
 * common (c-TF-IDF of the joined descriptions), leaves link to their cluster's card.
 */
function treeSection(minClusterSize: number, clustering: SummarisedClustering, nodes: readonly HierarchyNode[], root: number): string {
  const names = new Map(clustering.clusters.map((c) => [c.label, c.name]));
  const render = (id: number, depth: number): string => {
    const node = nodes[id];
    const words = escapeHtml(node.keywords.slice(0, 4).map((k) => k.term).join(', '));
    if (node.label !== null) {
      const name = names.get(node.label);
      return `<li class="leaf"><a href="#mcs${minClusterSize}-c${node.label}"><span class="swatch" style="background:${clusterColour(node.label)}"></span>Cluster ${node.label}${name ? `: ${escapeHtml(name)}` : ''}</a> <small>${node.size} images · ${words}</small></li>`;
    }
    return `<li><details${depth < 2 ? ' open' : ''}><summary>${node.size} images in ${node.labels.length} clusters · ${words} <small>joined at ${node.distance.toFixed(2)}</small></summary><ul>${node.children.map((child) => render(child, depth + 1)).join('')}</ul></details></li>`;
  };
  return `<details class="tree"><summary><h3>Cluster tree</h3></summary>
<p class="muted">Clusters joined by average linkage on the cosine distance of their c-TF-IDF keyword vectors: branches that join low share their vocabulary. <code>connote merge</code> joins clusters a branch shows belong together.</p>
<ul class="tree-root">${render(root, 0)}</ul></details>`;
}

/** Each group of near-identical images once, with its count: reposts, recrops and re-encodings of one picture. */
function nearDuplicatesSection(input: ReportInput, thumbnails: ReportThumbnails): string {
  const groups = input.nearDuplicateGroups;
  if (!groups) return '';
  const rowOf = new Map<string, number>();
  input.rows.forEach((row, index) => row.itemIds.forEach((id) => rowOf.set(id, index)));
  const cards = groups.map((g) => {
    const row = rowOf.get(g.representativeId);
    const picture = row !== undefined && thumbnails.byRow.has(row) ? `<span class="thumb r${row}" role="img" aria-label="${escapeHtml(g.representativeId)}"></span>` : `<span class="thumb no-thumb">${escapeHtml(g.representativeId)}</span>`;
    const others = g.memberIds.slice(1).map((id, k) => `${escapeHtml(id)} <small>(${g.distances[k + 1]} bits)</small>`);
    return `<article class="card dup" id="dup-${g.group}"><h3>Group ${g.group} <small>${g.size} images</small></h3><div class="thumbs">${picture}</div>
<p><span class="label">Stands for them:</span> ${escapeHtml(g.representativeId)}</p><details><summary>${others.length} more</summary><p>${others.join(', ')}</p></details></article>`;
  });
  return `<section id="near-duplicates"><h2>Near-duplicates and reposts: ${groups.length} group${groups.length === 1 ? '' : 's'}</h2>
<p class="muted">Images whose perceptual hashes differ by at most the run's distance, each group shown once with its count (distances in bits to the image that stands for the group); duplicates.csv lists them all.</p>
<div class="cards">${cards.join('\n')}</div></section>`;
}

function errorsSection(input: ReportInput): string {
  if (input.errors.length === 0) return '';
  return `<section><h2>Errors (${input.errors.length})</h2><p>These images were skipped; the run continued with the rest.</p>
<table><thead><tr><th>stage</th><th>image</th><th>file</th><th>reason</th></tr></thead><tbody>
${input.errors
  .map((e) => `<tr><td>${escapeHtml(e.stage)}</td><td>${escapeHtml(e.itemId ?? '')}</td><td>${escapeHtml(e.path ?? '')}</td><td>${escapeHtml(e.message)}</td></tr>`)
  .join('\n')}
</tbody></table></section>`;
}

/** Stage settings for people: `key value` pairs, nothing at all when a stage has none. */
function settingsText(settings: Readonly<Record<string, unknown>>): string {
  // A report is shared: settings are shown without credentials (keys, passwords in URLs).
  const entries = Object.entries(redactSecrets(settings, '<redacted>') as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

const withSettings = (name: string, settings: Readonly<Record<string, unknown>>): string => {
  const text = settingsText(settings);
  return text ? `${name} (${text})` : name;
};

function parametersSection(input: ReportInput): string {
  const c = input.config;
  const rows: Array<[string, unknown]> = [
    ['input', c.input],
    ['describer', withSettings(c.describer.name, c.describer.settings)],
    ['prompt', c.prompt.name ?? c.prompt.file ?? 'connotative'],
    ['embedder', withSettings(c.embedder.name, c.embedder.settings)],
    ['reduction', `${c.reduce.name}: ${c.reduce.nComponents} components, ${c.reduce.nNeighbors} neighbours, min_dist ${c.reduce.minDist}, ${c.reduce.metric}`],
    ['map layout', `${c.layout.name}: 2 components, ${c.layout.nNeighbors} neighbours, min_dist ${c.layout.minDist}, ${c.layout.metric}`],
    ['clustering', `${withSettings(c.cluster.name, c.cluster.settings)}, minimum cluster sizes ${c.cluster.minClusterSizes.join(', ')}`],
    ['keywords', `top ${c.keywords.topN}, n-grams ${c.keywords.ngramRange.join('-')}`],
    ['seed', c.seed],
  ];
  return `<section><h2>Run parameters</h2><table><tbody>
${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table><p>Everything, including model versions, prompt hashes and timings, is in <code>run.json</code> beside this file.</p></section>`;
}

/** One CSS rule per embedded thumbnail; only our own base64 text goes into the CSS, never user strings. */
function thumbnailCss(thumbnails: ReportThumbnails): string {
  return [...thumbnails.byRow].map(([row, uri]) => `.r${row}{background-image:url(${uri})}`).join('\n');
}
