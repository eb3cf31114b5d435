/** Set bits of a 32-bit integer (the SWAR count of Hacker's Delight, 5-2). */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Bits in which two hashes of at most 64 bits differ. */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = a ^ b;
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number((x >> 32n) & 0xffffffffn));
}

/** A hash as hexadecimal, one digit per four bits (leading zeros kept), as imagehash prints it. */
export function hashToHex(value: bigint, bits: number): string {
  return value.toString(16).padStart(Math.ceil(bits / 4), '0');
}

export function hexToHash(hex: string): bigint {
  if (!/^[0-9a-f]{1,16}$/i.test(hex)) throw new RangeError(`not a hash of at most 64 bits in hexadecimal: '${hex}'`);
  return BigInt(`0x${hex}`);
}
