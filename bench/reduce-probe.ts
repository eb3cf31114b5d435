/**
 * Runs one reduction in a fresh process and prints its memory as JSON, for bench/reduce.ts:
 * the computation is synchronous, so only the operating system's peak resident set size
 * (getrusage maxRSS) sees its true high-water mark.
 * Usage: node --import tsx bench/reduce-probe.ts umap|pca ROWS COMPONENTS
 */
import { fitPca } from '../src/reduce/pca/fit.js';
import { fitUmap } from '../src/reduce/umap/fit.js';
import { createRandom } from '../src/util/random.js';
import { makeBlobs } from './data.js';

const [method, rowsText, componentsText] = process.argv.slice(2);
const rows = Number(rowsText);
const components = Number(componentsText);
const { data } = makeBlobs({ n: rows, dims: 384, centers: 30, seed: 42 });
const mib = (kib: number) => kib / 1024;
if (method === 'umap') {
  fitUmap(data, { nComponents: components, nNeighbors: 15, minDist: components === 2 ? 0.1 : 0, metric: 'cosine', random: createRandom(42) });
} else if (method === 'pca') {
  fitPca(data, { nComponents: components }).transform(data);
} else {
  throw new Error(`reduce-probe: unknown method '${method}'; choose umap or pca`);
}
const peak = mib(process.resourceUsage().maxRSS);
console.log(JSON.stringify({ peakMiB: peak }));
