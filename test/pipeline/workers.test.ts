import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runAnalysisJob } from '../../src/pipeline/workers/offload.js';
import { createContext, type Logger, type Progress } from '../../src/types/context.js';
import { StoppedError } from '../../src/types/errors.js';
import { createRandom } from '../../src/util/random.js';
import type { Matrix } from '../../src/util/matrix.js';
import { gaussianBlobs } from '../cluster/hdbscan/blobs.js';

const CRASHING = new URL('./fixtures/crashing-reducers.ts', import.meta.url);

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = createRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => random.normal()) };
}

/** A context that records what reached the host: log lines and progress ticks. */
function recordingContext(signal?: AbortSignal) {
  const seen = { warnings: [] as string[], debug: [] as string[], started: [] as string[], ticks: 0, done: 0 };
  const logger: Logger = { info: () => {}, debug: (m) => void seen.debug.push(m), error: () => {}, warn: (m) => void seen.warnings.push(m) };
  const progress: Progress = {
    start: (label) => {
      seen.started.push(label);
      return { tick: (count = 1) => void (seen.ticks += count), setTotal: () => {}, done: () => void seen.done++ };
    },
  };
  return { ctx: createContext({ seed: 42, logger, progress, signal }), seen };
}

describe('reduce and cluster off the main thread', () => {
  const umapJob = (data: Matrix, extra: Record<string, unknown> = {}) =>
    ({ kind: 'reduce', name: 'umap', options: { nComponents: 5, nNeighbors: 15, minDist: 0, metric: 'cosine', nEpochs: 60, ...extra }, data, stage: 'reduce:umap' }) as const;

  it('gives the same UMAP coordinates bit for bit in a worker as in-process, with progress and warnings relayed', async () => {
    const data = randomMatrix(200, 16, 1);
    const inWorker = recordingContext();
    const worker = await runAnalysisJob(umapJob(data), inWorker.ctx, { execution: 'worker' });
    const local = await runAnalysisJob(umapJob(data), createContext({ seed: 42 }), { execution: 'in-process' });
    expect(worker.rows).toBe(200);
    expect(Buffer.from(worker.data.buffer).equals(Buffer.from(local.data.buffer))).toBe(true);
    expect(inWorker.seen.started).toContain('UMAP layout');
    expect(inWorker.seen.ticks).toBe(60); // one per epoch, as they happened
    expect(inWorker.seen.done).toBeGreaterThan(0);
    // A small input: UMAP's own warning reaches the host's logger.
    const small = recordingContext();
    await runAnalysisJob(umapJob(randomMatrix(5, 4, 2)), small.ctx, { execution: 'worker' });
    expect(small.seen.warnings.join('\n')).toMatch(/falling back to random initialisation/);
  });

  it('runs the UMAP layout in parts on threads inside the worker too, with the same bytes as one thread in-process', async () => {
    // 5,000 points: two layout parts by default, and enough work that the layout starts its own worker.
    const data = randomMatrix(5000, 16, 7);
    const recorded = recordingContext();
    const inWorker = await runAnalysisJob(umapJob(data), recorded.ctx, { execution: 'worker' });
    const threads = Math.min(2, availableParallelism());
    expect(recorded.seen.debug).toContain(`UMAP layout: 2 parts on ${threads} thread${threads === 1 ? '' : 's'}`);
    const oneThread = await runAnalysisJob(umapJob(data, { threads: 1 }), createContext({ seed: 42 }), { execution: 'in-process' });
    expect(Buffer.from(inWorker.data.buffer).equals(Buffer.from(oneThread.data.buffer))).toBe(true);
    const onePart = await runAnalysisJob(umapJob(data, { layoutParts: 1 }), createContext({ seed: 42 }), { execution: 'in-process' });
    expect(Buffer.from(onePart.data.buffer).equals(Buffer.from(oneThread.data.buffer))).toBe(false);
  });

  it('gives the same HDBSCAN labels, probabilities and outlier scores in a worker', async () => {
    const { points } = gaussianBlobs([[0, 0], [8, 8], [0, 8]], 100, 1, 3);
    const job = { kind: 'cluster', name: 'hdbscan', options: { minClusterSize: 10 }, data: points, stage: 'cluster:hdbscan:mcs10' } as const;
    const worker = await runAnalysisJob(job, recordingContext().ctx, { execution: 'worker' });
    const local = await runAnalysisJob(job, createContext({ seed: 42 }), { execution: 'in-process' });
    expect(worker.nClusters).toBe(3);
    expect(Array.from(worker.labels)).toEqual(Array.from(local.labels));
    expect(Array.from(worker.probabilities)).toEqual(Array.from(local.probabilities));
    expect(Array.from(worker.outlierScores!)).toEqual(Array.from(local.outlierScores!));
  });

  it('stops a long UMAP at once when the signal aborts (Ctrl-C), with StoppedError', async () => {
    const controller = new AbortController();
    const { ctx, seen } = recordingContext(controller.signal);
    // Thousands of epochs would take minutes: only terminating the worker can end this promptly.
    const running = runAnalysisJob(umapJob(randomMatrix(400, 16, 3), { nEpochs: 200_000 }), ctx, { execution: 'worker' });
    const ticking = (async () => {
      while (seen.ticks < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
    })();
    await expect(running).rejects.toBeInstanceOf(StoppedError);
    await ticking;
    expect(seen.done).toBe(seen.started.length); // the host closes the worker's progress bars
  });

  it('a worker that exits or throws outside the job is an error, never a hang', async () => {
    const job = (name: string) => ({ kind: 'reduce', name, options: {}, data: randomMatrix(10, 2, 4), stage: `reduce:${name}` }) as const;
    await expect(runAnalysisJob(job('test-exit'), createContext(), { execution: 'worker', modules: [CRASHING] })).rejects.toThrow(
      /reduce:test-exit worker stopped unexpectedly \(exit code 3\)/,
    );
    await expect(runAnalysisJob(job('test-uncaught'), createContext(), { execution: 'worker', modules: [CRASHING] })).rejects.toThrow(
      /reduce:test-uncaught worker crashed: boom outside the job/,
    );
    // An error inside the job keeps its message.
    const bad = { ...umapJob(randomMatrix(10, 2, 5)), data: { rows: 10, cols: 2, data: new Float64Array(20).fill(Number.NaN) } };
    await expect(runAnalysisJob(bad, createContext(), { execution: 'worker' })).rejects.toThrow(/non-finite value at row 0/);
  });

  it('runs small jobs and unknown implementations in-process under auto', async () => {
    await expect(
      runAnalysisJob({ kind: 'reduce', name: 'test-exit', options: {}, data: randomMatrix(10, 2, 4), stage: 'x' }, createContext(), { execution: 'worker' }),
    ).rejects.toThrow(/not built in: pass the module that registers it/);
    // 'none' on a small matrix: in-process, so the very same object comes back.
    const data = randomMatrix(10, 2, 6);
    expect(await runAnalysisJob({ kind: 'reduce', name: 'none', options: { nComponents: 2 }, data, stage: 'x' }, createContext())).toBe(data);
  });
});
