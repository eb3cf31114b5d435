import { expect, test } from 'vitest';
import { TokenBucket } from '../../src/providers/rate-limiter.js';

test('a bucket holds one second of its rate and refills continuously', () => {
  const bucket = new TokenBucket(600, 0); // 10 a second
  for (let i = 0; i < 10; i++) {
    expect(bucket.waitFor(1, 0)).toBe(0);
    bucket.take(1, 0);
  }
  expect(bucket.waitFor(1, 0)).toBe(100);
  expect(bucket.waitFor(1, 100)).toBe(0);
  bucket.take(1, 100);
  expect(bucket.waitFor(1, 100)).toBe(100);
  // Idle time never fills it past one second's worth.
  expect(bucket.waitFor(10, 60_000)).toBe(0);
  expect(bucket.waitFor(11, 60_000)).toBe(0); // larger than the bucket: allowed once full
  bucket.take(11, 60_000);
  expect(bucket.waitFor(1, 60_000)).toBe(200);
});

test('slow rates still admit one request at a time', () => {
  const bucket = new TokenBucket(2, 0); // one every 30 s
  expect(bucket.waitFor(1, 0)).toBe(0);
  bucket.take(1, 0);
  expect(bucket.waitFor(1, 0)).toBe(30_000);
  expect(() => new TokenBucket(0, 0)).toThrow(/positive/);
});
