import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { Registry } from '../util/registry.js';
import { folderSource } from './folder.js';
import { manifestSource } from './manifest.js';
import type { ImageSource } from './types.js';

export * from './types.js';
export { folderSource, IMAGE_EXTENSIONS } from './folder.js';
export { manifestSource } from './manifest.js';
export { DEFAULT_LIMITS, inspectImage, type IngestLimits, type Inspection } from './inspect.js';
export { ingest, type IngestedImage, type IngestResult } from './run.js';

export type ImageSourceFactory = (location: string) => ImageSource;

/** Named input kinds; `sourceFor` picks one from the path. */
export const imageSources = new Registry<ImageSourceFactory>('image source');
imageSources.register({ name: 'folder', summary: 'every image under a folder, recursively', create: folderSource });
imageSources.register({ name: 'manifest', summary: 'a CSV with id, path (or file) and metadata columns', create: manifestSource });

/** A folder is read recursively; a .csv file is a manifest. */
export function sourceFor(location: string): ImageSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(location).isDirectory();
  } catch {
    throw new Error(`input not found: ${location}`);
  }
  if (isDirectory) return imageSources.get('folder').create(location);
  if (extname(location).toLowerCase() === '.csv') return imageSources.get('manifest').create(location);
  throw new Error(`input ${location} is neither a folder nor a .csv manifest`);
}
