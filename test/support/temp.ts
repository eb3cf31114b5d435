import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = 'connote-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perTest.push(dir);
  return dir;
}

/** A temporary folder shared by the tests of one file (made in beforeAll), removed after them all. */
export function fileTempDir(prefix = 'connote-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perFile.push(dir);
  return dir;
}

afterEach(() => {
  while (perTest.length > 0) rmSync(perTest.pop() as string, { recursive: true, force: true });
});

afterAll(() => {
  while (perFile.length > 0) rmSync(perFile.pop() as string, { recursive: true, force: true });
});
