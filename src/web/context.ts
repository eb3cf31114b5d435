import type { Store } from '../store/index.js';
import type { MapData } from './map-data.js';

/** What every route module receives: the store and the server's settings, never the app. */
export interface WebContext {
  readonly store: Store;
  readonly mapData: MapData;
  /** Coding only: no item ids, file names or metadata reach the browser; exploration is off. */
  readonly blind: boolean;
  /** Serve the original image files (looked up by item id) where they are still on disk. */
  readonly originals: boolean;
  /** True when access tokens name the coders (the client cannot choose its coder name). */
  readonly tokens: boolean;
  readonly title: string;
}
