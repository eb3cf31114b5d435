import { EXPLORER_DATA_ID, type ExplorerData } from '../explorer-contract.js';
import { Explorer } from './explorer.js';

/**
 * The explorer of report.html: the page is complete without it (cards, tree, tables); with it
 * the map zooms and pans, every member of a cluster and the noise can be paged through, and any
 * image opens with its description. It reads only the page's own JSON block and stylesheet.
 */
const block = document.getElementById(EXPLORER_DATA_ID);
if (block?.textContent) new Explorer(JSON.parse(block.textContent) as ExplorerData).start();
