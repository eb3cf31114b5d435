import type { ProgressInfo } from '@huggingface/transformers';
import type { Progress, ProgressTask } from '../types/context.js';

/** Files below this are read too quickly for a bar to help (configs, tokenizers, cached reads). */
const MIN_BYTES = 8 * 2 ** 20;

/**
 * A transformers.js progress callback that shows a download as one bar (in MB) on the stage's
 * progress display. It appears only while a large file actually streams in: files already in
 * the cache are opened by path and report a single completed event, which shows nothing.
 */
export function downloadProgress(progress: Progress, model: string): { callback: (info: ProgressInfo) => void; finish(): void } {
  const files = new Map<string, { loaded: number; total: number }>();
  let task: ProgressTask | undefined;
  let shownMB = 0;
  const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);
  return {
    callback(info) {
      if (info.status !== 'progress') return;
      files.set(info.file, { loaded: info.loaded, total: info.total });
      if (!task && info.total >= MIN_BYTES && info.loaded < info.total) {
        task = progress.start(`downloading ${model}`, 0, 'MB');
      }
      if (!task) return;
      const totals = [...files.values()].reduce((sum, f) => ({ loaded: sum.loaded + f.loaded, total: sum.total + f.total }), { loaded: 0, total: 0 });
      task.setTotal(megabytes(totals.total));
      const loadedMB = megabytes(totals.loaded);
      if (loadedMB > shownMB) {
        task.tick(loadedMB - shownMB);
        shownMB = loadedMB;
      }
    },
    finish() {
      task?.done(`${model}: ${shownMB} MB downloaded`);
      task = undefined;
    },
  };
}
