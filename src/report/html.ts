import type { SummarisedClustering } from '../types/analysis.js';
import { countByLabel } from '../cluster/counts.js';
import { redactSecrets } from '../util/secrets.js';
import { escapeHtml } from './escape.js';
import type { ReportInput } from './model.js';
import { clusterColour, NOISE_COLOUR } from './palette.js';

const MAP_WIDTH = 960;
const MAP_HEIGHT = 620;
const MAP_MARGIN = 24;
/** Beyond this many points the map keeps an evenly spaced sample, so the file stays light. */
const MAP_POINT_LIMIT = 20_000;

/**
 * `report.html`: one self-contained file that opens offline: no script, no external resource.
 * Thumbnails are embedded once each as CSS classes (data URIs) and reused by every card.
 */
export function reportHtml(input: ReportInput): string {
  const usedThumbnails = new Set<string>();
  const sections = input.analysis.clusterings.map((clustering, index) => clusteringSection(input, clustering, index === 0, usedThumbnails));
  const totalItems = input.items.length;
  const clustered = input.rows.reduce((sum, row) => sum + row.itemIds.length, 0);
  const config = input.config;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>connote report: ${escapeHtml(config.input)}</title>
<style>${STYLE}${thumbnailCss(input, usedThumbnails)}</style>
</head>
<body>
<header>
  <h1>connote report</h1>
  <p class="lede">${escapeHtml(totalItems)} images from <code>${escapeHtml(config.input)}</code>, clustered by their
  <strong>${escapeHtml(input.method === 'descriptions' ? 'descriptions' : 'image features')}</strong> (${escapeHtml(input.features)};
  ${escapeHtml(config.reduce.name)} to ${escapeHtml(config.reduce.nComponents)}-D; ${escapeHtml(config.cluster.name)}).
  ${escapeHtml(clustered)} clustered, ${escapeHtml(input.errors.length)} with errors. Run <code>${escapeHtml(input.runId)}</code>.</p>
  <nav>${input.analysis.clusterings
    .map((c) => `<a href="#mcs${c.minClusterSize}">min cluster size ${c.minClusterSize}: ${c.result.nClusters} clusters</a>`)
    .join(' ')}</nav>
</header>
<main>
${sections.join('\n')}
${errorsSection(input)}
${parametersSection(input)}
</main>
<footer>Made with connote: descriptions embedded, reduced and clustered as in Arminio et al. (2025). Keywords: c-TF-IDF (BERTopic) and TF-IDF.</footer>
</body>
</html>
`;
}

function clusteringSection(input: ReportInput, clustering: SummarisedClustering, open: boolean, usedThumbnails: Set<string>): string {
  const itemsPerLabel = countByLabel(clustering.result.labels, (row) => input.rows[row].itemIds.length);
  const noiseItems = itemsPerLabel.get(-1) ?? 0;
  const cards = clustering.clusters.map((cluster) => {
    const reps = cluster.representatives.map((row) => input.rows[row]);
    for (const rep of reps) usedThumbnails.add(rep.hash);
    const size = itemsPerLabel.get(cluster.label) ?? 0;
    const samples = reps.slice(0, 2);
    return `<article class="card" id="mcs${clustering.minClusterSize}-c${cluster.label}">
  <h3><span class="swatch" style="background:${clusterColour(cluster.label)}"></span>Cluster ${cluster.label} <small>${size} image${size === 1 ? '' : 's'}</small></h3>
  <p class="keywords">${cluster.keywords.map((k) => `<span class="kw" title="c-TF-IDF ${k.score.toFixed(4)}">${escapeHtml(k.term)}</span>`).join('')}</p>
  <p class="tfidf"><span class="label">TF-IDF:</span> ${escapeHtml(cluster.tfidfKeywords.map((k) => k.term).join(', '))}</p>
  <div class="thumbs">${reps
    .map((rep) => `<span class="thumb t${rep.hash.slice(0, 16)}" role="img" aria-label="${escapeHtml(rep.itemIds[0])}" title="${escapeHtml(rep.itemIds.join(', '))}"></span>`)
    .join('')}</div>
  ${samples
    .map(
      (rep) => `<blockquote><cite>${escapeHtml(rep.itemIds[0])}</cite>${escapeHtml(rep.text)}</blockquote>`,
    )
    .join('\n  ')}
</article>`;
  });
  return `<section id="mcs${clustering.minClusterSize}">
<details${open ? ' open' : ''}>
<summary><h2>Minimum cluster size ${clustering.minClusterSize}: ${clustering.result.nClusters} clusters, ${noiseItems} noise</h2></summary>
${mapSvg(input, clustering)}
<div class="cards">
${cards.join('\n')}
<article class="card noise"><h3><span class="swatch" style="background:${NOISE_COLOUR}"></span>Noise <small>${noiseItems} image${noiseItems === 1 ? '' : 's'}</small></h3>
<p>Images HDBSCAN did not place in any cluster at this size. Smaller minimum sizes leave fewer images as noise.</p></article>
</div>
</details>
</section>`;
}

function mapSvg(input: ReportInput, clustering: SummarisedClustering): string {
  const layout = input.analysis.layout;
  const n = layout.rows;
  if (n === 0) return '';
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = layout.data[i * layout.cols];
    const y = layout.data[i * layout.cols + 1];
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  // One scale for both axes, so distances on the map mean the same in every direction.
  const scale = Math.min((MAP_WIDTH - 2 * MAP_MARGIN) / (maxX - minX || 1), (MAP_HEIGHT - 2 * MAP_MARGIN) / (maxY - minY || 1));
  const offsetX = (MAP_WIDTH - (maxX - minX) * scale) / 2;
  const offsetY = (MAP_HEIGHT - (maxY - minY) * scale) / 2;
  const px = (x: number): number => offsetX + (x - minX) * scale;
  const py = (y: number): number => offsetY + (y - minY) * scale;
  const step = Math.max(1, Math.ceil(n / MAP_POINT_LIMIT));
  const radius = n > 5000 ? 1.5 : n > 500 ? 3 : 5;
  const keywordsOf = new Map(clustering.clusters.map((c) => [c.label, c.keywords.slice(0, 3).map((k) => k.term).join(', ')]));
  const points: string[] = [];
  for (let i = 0; i < n; i += step) {
    const label = clustering.result.labels[i];
    const row = input.rows[i];
    const tip = `${row.itemIds[0]}: ${label < 0 ? 'noise' : `cluster ${label} (${keywordsOf.get(label) ?? ''})`}`;
    points.push(
      `<circle cx="${px(layout.data[i * layout.cols]).toFixed(1)}" cy="${py(layout.data[i * layout.cols + 1]).toFixed(1)}" r="${radius}" fill="${clusterColour(label)}"${label < 0 ? ' fill-opacity="0.6"' : ''}><title>${escapeHtml(tip)}</title></circle>`,
    );
  }
  // Coordinates per cluster, gathered in one pass over the points.
  const coordinates = new Map<number, { xs: number[]; ys: number[] }>();
  clustering.result.labels.forEach((label, i) => {
    if (label < 0) return;
    const entry = coordinates.get(label) ?? { xs: [], ys: [] };
    entry.xs.push(layout.data[i * layout.cols]);
    entry.ys.push(layout.data[i * layout.cols + 1]);
    coordinates.set(label, entry);
  });
  const labelsSvg = placeLabels(
    clustering.clusters.map((cluster) => {
      const { xs, ys } = coordinates.get(cluster.label) ?? { xs: [], ys: [] };
      return {
        label: cluster.label,
        size: xs.length,
        x: px(median(xs)),
        y: py(median(ys)),
        text: `${cluster.label}: ${cluster.keywords.slice(0, 2).map((k) => k.term).join(', ')}`,
      };
    }),
  ).map(
    (placed) =>
      `<a href="#mcs${clustering.minClusterSize}-c${placed.label}"><text x="${placed.x.toFixed(1)}" y="${placed.y.toFixed(1)}" class="maplabel">${escapeHtml(placed.text)}</text></a>`,
  );
  return `<figure class="map"><svg viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-label="2-D map of the images coloured by cluster">
<rect width="100%" height="100%" fill="#fbfbf8"/>
${points.join('\n')}
${labelsSvg.join('\n')}
</svg><figcaption>Each dot is an image, placed by a 2-D ${escapeHtml(input.config.layout.name)} layout of its embedding and coloured by cluster (grey: noise). Hover a dot for its id; click a label to read the cluster.${step > 1 ? ` Showing every ${step}th image.` : ''}</figcaption></figure>`;
}

interface MapLabel {
  readonly label: number;
  readonly size: number;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/**
 * Greedy label placement: bigger clusters first, each label moved up or down in steps until
 * its box no longer overlaps a placed one, so labels of neighbouring clusters stay readable.
 */
function placeLabels(labels: MapLabel[]): MapLabel[] {
  const placed: Array<MapLabel & { box: [number, number, number, number] }> = [];
  const overlaps = (a: [number, number, number, number], b: [number, number, number, number]): boolean =>
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  for (const label of [...labels].sort((a, b) => b.size - a.size || a.label - b.label)) {
    const halfWidth = label.text.length * 3.6;
    let chosen = label;
    let box: [number, number, number, number] = [label.x - halfWidth, label.y - 13, label.x + halfWidth, label.y + 3];
    for (const shift of [0, 16, -16, 32, -32, 48, -48, 64, -64, 80, -80]) {
      const y = Math.min(MAP_HEIGHT - 6, Math.max(16, label.y + shift));
      const candidate: [number, number, number, number] = [label.x - halfWidth, y - 13, label.x + halfWidth, y + 3];
      if (!placed.some((p) => overlaps(p.box, candidate))) {
        chosen = { ...label, y };
        box = candidate;
        break;
      }
    }
    placed.push({ ...chosen, box });
  }
  return placed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

function parametersSection(input: ReportInput): string {
  const c = input.config;
  const rows: Array<[string, unknown]> = [
    ['input', c.input],
    // A report is shared: settings are shown without credentials (keys, passwords in URLs).
    ['describer', `${c.describer.name} ${JSON.stringify(redactSecrets(c.describer.settings, '<redacted>'))}`],
    ['prompt', c.prompt.name ?? c.prompt.file ?? 'connotative'],
    ['embedder', `${c.embedder.name} ${JSON.stringify(redactSecrets(c.embedder.settings, '<redacted>'))}`],
    ['reduction', `${c.reduce.name}: ${c.reduce.nComponents} components, ${c.reduce.nNeighbors} neighbours, min_dist ${c.reduce.minDist}, ${c.reduce.metric}`],
    ['map layout', `${c.layout.name}: 2 components, ${c.layout.nNeighbors} neighbours, min_dist ${c.layout.minDist}, ${c.layout.metric}`],
    ['clustering', `${c.cluster.name}, minimum cluster sizes ${c.cluster.minClusterSizes.join(', ')} ${JSON.stringify(c.cluster.settings)}`],
    ['keywords', `top ${c.keywords.topN}, n-grams ${c.keywords.ngramRange.join('-')}`],
    ['seed', c.seed],
  ];
  return `<section><h2>Run parameters</h2><table><tbody>
${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</tbody></table><p>Everything, including model versions, prompt hashes and timings, is in <code>run.json</code> beside this file.</p></section>`;
}

function thumbnailCss(input: ReportInput, hashes: Set<string>): string {
  const rules: string[] = [];
  for (const hash of hashes) {
    const thumb = input.thumbnail(hash);
    if (!thumb) continue;
    // Only our own base64 text goes into the CSS, never user strings.
    rules.push(`.t${hash.slice(0, 16)}{background-image:url(data:${thumb.type};base64,${thumb.data.toString('base64')})}`);
  }
  return `\n${rules.join('\n')}`;
}

const STYLE = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#ffffff;--card:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer{max-width:1200px;margin:0 auto;padding:16px 24px}
h1{margin:8px 0}
.lede{color:var(--muted);max-width:80ch}
nav a{display:inline-block;margin:4px 8px 4px 0;padding:2px 10px;border:1px solid var(--line);border-radius:999px;text-decoration:none;color:inherit}
summary{cursor:pointer}
summary h2{display:inline;font-size:1.2em}
.map{margin:12px 0}
.map svg{width:100%;height:auto;border:1px solid var(--line);border-radius:8px}
.maplabel{font-size:13px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:4px;fill:#222;text-anchor:middle}
figcaption{color:var(--muted);font-size:.9em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card h3{margin:0 0 6px;font-size:1.05em}
.card small{color:var(--muted);font-weight:normal}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:baseline}
.kw{display:inline-block;margin:2px 4px 2px 0;padding:1px 8px;background:#fff;border:1px solid var(--line);border-radius:999px;font-size:.9em}
.tfidf{color:var(--muted);font-size:.88em}
.label{font-weight:600}
.thumbs{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.thumb{width:96px;height:96px;border-radius:6px;background:#ddd center/cover no-repeat;border:1px solid var(--line)}
blockquote{margin:8px 0;padding:6px 10px;border-left:3px solid var(--line);font-size:.9em;color:#333;max-height:9.5em;overflow:auto}
cite{display:block;font-style:normal;font-weight:600;font-size:.85em;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
footer{color:var(--muted);font-size:.85em}
`;
