import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImageSource, SourceEntry, SourceListing } from './types.js';

/**
 * A CSV manifest: `id`, `path` or `file` (relative to the manifest's folder), and any other
 * columns, which are kept as metadata and written back in the outputs.
 */
export function manifestSource(manifestPath: string): ImageSource {
  const location = resolve(manifestPath);
  return {
    name: 'manifest',
    location,
    async list(): Promise<SourceListing> {
      let text: string;
      try {
        text = await readFile(location, 'utf8');
      } catch (error) {
        throw new Error(`cannot read manifest ${location}: ${(error as Error).message}`);
      }
      let rows: Record<string, string>[];
      try {
        rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
      } catch (error) {
        throw new Error(`manifest ${location} is not valid CSV: ${(error as Error).message}`);
      }
      const header = rows.length > 0 ? Object.keys(rows[0]) : [];
      const pathColumn = header.includes('path') ? 'path' : header.includes('file') ? 'file' : null;
      if (rows.length > 0 && pathColumn === null) {
        throw new Error(`manifest ${location} needs a 'path' or 'file' column (it has: ${header.join(', ')})`);
      }
      const base = dirname(location);
      const entries: SourceEntry[] = [];
      const problems: SourceListing['problems'][number][] = [];
      const seen = new Set<string>();
      rows.forEach((row, index) => {
        const line = index + 2; // header is line 1
        const file = pathColumn ? row[pathColumn] : '';
        const id = row.id || file;
        if (!file) {
          problems.push({ id: id || null, path: null, message: `${location} line ${line}: empty '${pathColumn}'` });
          return;
        }
        if (seen.has(id)) {
          problems.push({ id, path: file, message: `${location} line ${line}: duplicate id '${id}' (first one kept)` });
          return;
        }
        seen.add(id);
        const metadata: Record<string, string> = {};
        for (const [key, value] of Object.entries(row)) if (key !== 'id' && key !== pathColumn) metadata[key] = value;
        entries.push({ id, path: isAbsolute(file) ? file : resolve(base, file), metadata });
      });
      return { entries, problems };
    },
  };
}
