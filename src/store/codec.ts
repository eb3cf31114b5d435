/** Typed arrays as SQLite BLOBs (little-endian, as every platform Node runs on). */
export function float32ToBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function blobToFloat32(blob: Buffer): Float32Array {
  // Copy: the Buffer may share a pooled ArrayBuffer with an unaligned offset.
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function float64ToBlob(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function blobToFloat64(blob: Buffer): Float64Array {
  const out = new Float64Array(blob.byteLength / 8);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function now(): string {
  return new Date().toISOString();
}
