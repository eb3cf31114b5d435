import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createContext, memoryState, type StageContext, type StageState } from '../../src/types/context.js';
import type { DescribeOutcome, DescribeRequest } from '../../src/describe/types.js';
import { sha256 } from '../../src/util/hash.js';

/** A folder of small, distinct PNG images (each a different colour), created for one test file. */
export interface ImageFolder {
  readonly dir: string;
  readonly requests: DescribeRequest[];
  remove(): Promise<void>;
}

export async function makeImageFolder(count: number, size: { width: number; height: number } = { width: 40, height: 30 }): Promise<ImageFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'connote-images-'));
  const requests: DescribeRequest[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = await sharp({
      create: { width: size.width, height: size.height, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53 + Math.floor(i / 256)) % 256 } },
    })
      .png()
      .toBuffer();
    const path = join(dir, `image-${i}.png`);
    await writeFile(path, bytes);
    requests.push({ imageHash: sha256(bytes), ids: [`image-${i}.png`], path });
  }
  return { dir, requests, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function collect(outcomes: AsyncIterable<DescribeOutcome>): Promise<DescribeOutcome[]> {
  const out: DescribeOutcome[] = [];
  for await (const outcome of outcomes) out.push(outcome);
  return out;
}

export function testContext(options: { signal?: AbortSignal; state?: StageState } = {}): StageContext {
  return createContext({ seed: 7, signal: options.signal, state: options.state ?? memoryState() });
}
