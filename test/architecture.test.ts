import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The import graph, read from the sources, keeps the layering the README describes: an arrow
 * never points from a lower layer to a higher one, and stages never import each other (they
 * meet only through src/types and the layers below). A new folder must be given a layer here.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['util'],
  ['types'],
  ['store', 'providers', 'models'],
  ['ingest', 'describe', 'ocr', 'duplicates', 'embed', 'image-features', 'reduce', 'cluster', 'keywords', 'labels', 'evaluate/statistics'],
  ['evaluate/coding', 'report'],
  ['pipeline'],
  ['evaluate/study'],
  ['evaluate'],
  ['web'],
  ['cli'],
  ['index.ts'],
];

const SRC = resolve('src');

/** The unit a source file belongs to: the longest listed prefix of its path under src/. */
function unitOf(file: string): string {
  const path = relative(SRC, file).split(sep).join('/');
  const units = LAYERS.flat().sort((a, b) => b.length - a.length);
  const unit = units.find((u) => path === u || path.startsWith(`${u}/`));
  if (!unit) throw new Error(`src/${path} is in no layer: add its folder to LAYERS in test/architecture.test.ts`);
  return unit;
}

const layerOf = (unit: string): number => LAYERS.findIndex((layer) => layer.includes(unit));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every relative import, re-export and dynamic import of every file under src/. */
function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((ref) => ref.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => ({ from: file, to: resolve(dirname(file), name).replace(/\.js$/, '.ts') })),
  );
}

const show = (file: string) => relative(resolve('.'), file);
const srcPath = (file: string) => relative(SRC, file).split(sep).join('/');
const isClient = (file: string) => srcPath(file).startsWith('web/client/');
/** report.html's explorer: browser code bundled into the page, apart from the node side of report/. */
const isReportClient = (file: string) => srcPath(file).startsWith('report/client/');
const isBrowser = (file: string) => isClient(file) || isReportClient(file);
const CONTRACT = join(SRC, 'web', 'contract.ts');
/** What the report's explorer may use besides itself: the app's map and DOM helpers, the palette, its data contract. */
const REPORT_CLIENT_MAY_USE = ['web/client/map/', 'web/client/dom.ts', 'report/palette.ts', 'report/explorer-contract.ts'];

describe('the import graph', () => {
  const edges = importEdges();

  it('has edges to check', () => {
    expect(edges.length).toBeGreaterThan(300);
  });

  it('never points from a lower layer to a higher one, nor from one stage to another', () => {
    const violations = edges
      .filter((edge) => !isBrowser(edge.from))
      .flatMap(({ from, to }) => {
        const a = unitOf(from);
        const b = unitOf(to);
        if (a === b || layerOf(b) < layerOf(a)) return [];
        const why = layerOf(b) > layerOf(a) ? 'points upward' : 'joins two units of the same layer';
        return [`${show(from)} (${a}) -> ${show(to)} (${b}): ${why}`];
      });
    expect(violations).toEqual([]);
  });

  it('keeps the browser client to itself and the shared JSON contract', () => {
    const outside = edges
      .filter((edge) => isClient(edge.from) && !isClient(edge.to) && edge.to !== CONTRACT)
      .map(({ from, to }) => `${show(from)} -> ${show(to)}`);
    expect(outside).toEqual([]);
  });

  it("keeps report.html's explorer to the app's map, the palette and its data contract", () => {
    const outside = edges
      .filter((edge) => isReportClient(edge.from) && !isReportClient(edge.to) && !REPORT_CLIENT_MAY_USE.some((allowed) => srcPath(edge.to).startsWith(allowed)))
      .map(({ from, to }) => `${show(from)} -> ${show(to)}`);
    expect(outside).toEqual([]);
    expect(edges.some((edge) => isReportClient(edge.from) && srcPath(edge.to).startsWith('web/client/map/'))).toBe(true);
  });

  it('leaves only the library entry at the root of src/', () => {
    const root = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(root).toEqual(['index.ts']);
  });

  it('is the layout the README describes: every folder it names exists, every unit is named', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('## Development'));
    const named = new Set([...section.matchAll(/`([a-z-]+(?:\/[a-z-]+)*)\/`/g)].map((m) => m[1]));
    const units = new Set(sourceFiles(SRC).filter((f) => !isBrowser(f)).map(unitOf).filter((u) => u !== 'index.ts' && u !== 'evaluate'));
    expect([...units].filter((u) => !named.has(u))).toEqual([]);
    const missing = [...named].filter((folder) => { try { return readdirSync(join(SRC, folder)).length === 0; } catch { return true; } });
    expect(missing).toEqual([]);
  });

  it('names no folder that the layers do not list', () => {
    for (const file of sourceFiles(SRC)) if (!isBrowser(file)) expect(() => unitOf(file)).not.toThrow();
  });
});
