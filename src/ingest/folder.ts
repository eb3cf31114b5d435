import { readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { ImageSource, SourceEntry, SourceListing } from './types.js';

/** File extensions read from folders. Others are skipped silently (a folder may hold CSVs, notes...). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.avif',
  '.tif',
  '.tiff',
  // Listed so that they get a clear "unsupported, convert it" error instead of vanishing.
  '.heic',
  '.heif',
]);

/** Every image under a folder, recursively; the id is the path relative to the folder (with `/`). */
export function folderSource(folder: string): ImageSource {
  const root = resolve(folder);
  return {
    name: 'folder',
    location: root,
    async list(): Promise<SourceListing> {
      const entries: SourceEntry[] = [];
      for (const path of await walk(root)) {
        if (!IMAGE_EXTENSIONS.has(extname(path).toLowerCase())) continue;
        entries.push({ id: relative(root, path).split(sep).join('/'), path, metadata: {} });
      }
      entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { entries, problems: [] };
    },
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
  }
  return out;
}
