import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/types/context.js';
import { downloadProgress } from '../../src/models/index.js';

function recordingProgress(): { progress: Progress; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    progress: {
      start(label, total, unit) {
        calls.push(`start ${label} ${total} ${unit}`);
        return {
          tick: (count = 1) => void calls.push(`tick ${count}`),
          setTotal: (total) => void calls.push(`total ${total}`),
          done: (summary) => void calls.push(`done ${summary}`),
        };
      },
    },
  };
}

const MB = 2 ** 20;
const event = (file: string, loaded: number, total: number) =>
  ({ status: 'progress', name: 'owner/model', file, progress: (100 * loaded) / total, loaded, total }) as const;

describe('downloadProgress', () => {
  it('shows nothing for small files and for files already in the cache', () => {
    const { progress, calls } = recordingProgress();
    const download = downloadProgress(progress, 'owner/model');
    download.callback(event('tokenizer.json', 100_000, 700_000));
    download.callback(event('onnx/model.onnx', 90 * MB, 90 * MB)); // a cached file: one completed event
    download.finish();
    expect(calls).toEqual([]);
  });

  it('shows a streaming download of a large file in MB, once', () => {
    const { progress, calls } = recordingProgress();
    const download = downloadProgress(progress, 'owner/model');
    download.callback(event('onnx/model.onnx', 10 * MB, 90 * MB));
    download.callback(event('onnx/model.onnx', 10.2 * MB, 90 * MB));
    download.callback(event('onnx/model.onnx', 90 * MB, 90 * MB));
    download.finish();
    expect(calls).toEqual([
      'start downloading owner/model 0 MB',
      'total 90',
      'tick 10',
      'total 90',
      'total 90',
      'tick 80',
      'done owner/model: 90 MB downloaded',
    ]);
  });
});
