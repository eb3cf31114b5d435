import sharp from 'sharp';

/**
 * How an image becomes the network's input, recorded in the extractor's signature.
 *
 * What the nsfwjs networks expect: a square RGB image scaled to [0, 1]. Their training fed
 * Keras `ImageDataGenerator(rescale=1./255)` batches from `flow_from_directory(target_size=
 * (size, size))`, which squashes the image to the square without keeping the aspect ratio,
 * and nsfwjs's `infer` does the same at run time (divide by 255, resizeBilinear to size x size).
 * @see https://github.com/GantMan/nsfw_model training/inceptionv3_transfer/generators.py
 * @see nsfwjs dist/esm/core.js `NSFWJS.prototype.infer`
 *
 * The resampling kernel is not fixed by the model (training used PIL nearest, nsfwjs uses
 * bilinear); we use libvips' linear kernel, which also antialiases when shrinking, so a large
 * photo does not alias. EXIF orientation is applied first (the image as a person sees it), a
 * transparent image is laid on white, and greyscale or CMYK files are converted to sRGB.
 */
export const preprocessing = {
  resize: 'sharp fit=fill (aspect ratio not kept), kernel=linear',
  orientation: 'EXIF auto-rotate',
  alpha: 'flatten on white',
  colour: 'sRGB, channel order RGB',
  scale: 'value / 255 in [0, 1]',
  layout: 'NHWC float32',
} as const;

/** Decodes one image file into the network's input: size * size * 3 floats, RGB, in [0, 1]. */
export async function readImageInput(file: string, size: number): Promise<Float32Array> {
  let pixels: Buffer;
  let channels: number;
  try {
    const { data, info } = await sharp(file, { failOn: 'warning' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize(size, size, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = data;
    channels = info.channels;
  } catch (error) {
    throw new Error(`cannot read image ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (channels !== 3 || pixels.length !== size * size * 3) {
    throw new Error(`cannot read image ${file}: decoded to ${channels} channels, expected RGB`);
  }
  const input = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) input[i] = pixels[i] / 255;
  return input;
}
