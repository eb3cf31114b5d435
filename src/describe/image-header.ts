/**
 * The size of a PNG or JPEG read from its header, without decoding: for images that are
 * sent unchanged this saves a native call per image. Returns undefined whenever the answer
 * is not certain (an EXIF block that might rotate the image, an unusual layout): the caller
 * then asks sharp.
 * @see PNG (ISO/IEC 15948) section 11.2.2 IHDR; JPEG (ITU T.81) Annex B, SOF markers.
 */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readImageHeader(bytes: Buffer): ImageHeader | undefined {
  if (bytes.length > 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return readPng(bytes);
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  return undefined;
}

function readPng(bytes: Buffer): ImageHeader | undefined {
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  // An eXIf chunk (before the image data) may carry an orientation: let sharp decide.
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (type === 'eXIf') return undefined;
    if (type === 'IDAT' || type === 'IEND') break;
    offset += 12 + length;
  }
  return width > 0 && height > 0 ? { format: 'png', width, height } : undefined;
}

function readJpeg(bytes: Buffer): ImageHeader | undefined {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // no frame header before the scan
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2) return undefined;
    if (marker === 0xe1 && bytes.toString('latin1', offset + 4, offset + 8) === 'Exif') return undefined; // may rotate
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) return undefined;
      const height = bytes.readUInt16BE(offset + 5);
      const width = bytes.readUInt16BE(offset + 7);
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : undefined;
    }
    offset += 2 + length;
  }
  return undefined;
}
