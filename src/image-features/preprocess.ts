import { readSettings, setting, SettingsError, z, type Settings } from '../util/settings.js';

export type ChannelOrder = 'rgb' | 'bgr';
export type TensorLayout = 'nchw' | 'nhwc';
export const RESIZE_KERNELS = ['linear', 'cubic', 'nearest', 'lanczos3', 'mitchell'] as const;
export type ResizeKernel = (typeof RESIZE_KERNELS)[number];

/** How an image file becomes the float tensor a CNN was trained on. */
export interface ImagePreprocessing {
  /** Resize so the shorter side has this length, then centre-crop; 0 squashes straight to cropSize × cropSize. */
  readonly resizeShorter: number;
  readonly cropSize: number;
  /** Multiplies 0–255 pixel values before the mean is subtracted (1/255 for torchvision, 1 for caffe). */
  readonly scale: number;
  /** Per channel, in `channelOrder`. */
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly channelOrder: ChannelOrder;
  readonly layout: TensorLayout;
  readonly kernel: ResizeKernel;
}

/**
 * torchvision's ImageNet evaluation transform (Resize(256), CenterCrop(224), ToTensor,
 * Normalize), used by PyTorch-trained CNNs (torchvision VGG16, ResNet-50, …).
 * @see https://pytorch.org/vision/stable/models.html
 */
export const IMAGENET_PREPROCESSING: ImagePreprocessing = {
  resizeShorter: 256,
  cropSize: 224,
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'rgb',
  layout: 'nchw',
  kernel: 'linear',
};

/**
 * Keras applications' 'caffe' mode (VGG16, ResNet50 from keras.applications, as used with
 * Keras in Zhang & Peng 2022): load_img(target_size=(224, 224)) squashes with nearest
 * neighbour, then BGR with the ImageNet means subtracted and no scaling; tf2onnx exports
 * take NHWC input. @see keras/src/applications/imagenet_utils.py preprocess_input
 */
export const CAFFE_PREPROCESSING: ImagePreprocessing = {
  resizeShorter: 0,
  cropSize: 224,
  scale: 1,
  mean: [103.939, 116.779, 123.68],
  std: [1, 1, 1],
  channelOrder: 'bgr',
  layout: 'nhwc',
  kernel: 'nearest',
};

export const PREPROCESSING_PRESETS = { imagenet: IMAGENET_PREPROCESSING, caffe: CAFFE_PREPROCESSING } as const;

/**
 * Settings: preprocess (imagenet | caffe), then any of resizeShorter, cropSize, scale, mean,
 * std, channelOrder, layout, kernel override the preset. `layout` may also be 'auto' (decided
 * from the model's input shape), reported as undefined here.
 */
export const PREPROCESSING_SETTINGS = {
  preprocess: setting.choice(['imagenet', 'caffe']),
  resizeShorter: setting.integer({ min: 0 }),
  cropSize: setting.integer({ min: 1 }),
  scale: setting.number(),
  mean: setting.numberList(3),
  std: setting.numberList(3),
  channelOrder: setting.choice(['rgb', 'bgr']),
  layout: setting.choice(['auto', 'nchw', 'nhwc']),
  kernel: setting.choice(RESIZE_KERNELS),
};
const PREPROCESSING_OBJECT = z.object(PREPROCESSING_SETTINGS);
export type PreprocessingSettings = z.output<typeof PREPROCESSING_OBJECT>;

/** Reads only the preprocessing settings of `settings` (other keys are the caller's). */
export function readPreprocessing(settings: Settings, where: string): { preprocessing: ImagePreprocessing; layoutAuto: boolean } {
  return preprocessingFrom(readSettings(where, PREPROCESSING_OBJECT, settings), where);
}

export function preprocessingFrom(values: PreprocessingSettings, where: string): { preprocessing: ImagePreprocessing; layoutAuto: boolean } {
  const preset = PREPROCESSING_PRESETS[values.preprocess ?? 'imagenet'];
  const std = (values.std ?? preset.std) as [number, number, number];
  if (std.some((s) => s === 0)) throw new SettingsError(`${where}: setting 'std' must not contain 0, got ${JSON.stringify(std)}`);
  const layout = values.layout;
  return {
    layoutAuto: layout === undefined || layout === 'auto',
    preprocessing: {
      resizeShorter: values.resizeShorter ?? preset.resizeShorter,
      cropSize: values.cropSize ?? preset.cropSize,
      scale: values.scale ?? preset.scale,
      mean: (values.mean ?? preset.mean) as [number, number, number],
      std,
      channelOrder: values.channelOrder ?? preset.channelOrder,
      layout: layout === 'nchw' || layout === 'nhwc' ? layout : preset.layout,
      kernel: values.kernel ?? preset.kernel,
    },
  };
}

/**
 * One image file as float32 [3, crop, crop] (nchw) or [crop, crop, 3] (nhwc). Alpha is dropped
 * and greyscale expanded to three channels, as PIL's convert('RGB') does; EXIF orientation is
 * not applied, as PIL and torchvision do not apply it either.
 */
export async function preprocessImage(path: string, p: ImagePreprocessing): Promise<Float32Array> {
  const { default: sharp } = await import('sharp');
  let pixels: Buffer;
  let channels: number;
  try {
    const { width, height } = await sharp(path).metadata();
    if (!width || !height) throw new Error('no image dimensions');
    const { resized, crop } = cropBox(width, height, p);
    const { data, info } = await sharp(path)
      .removeAlpha()
      .toColourspace('srgb')
      .resize(resized.width, resized.height, { fit: 'fill', kernel: p.kernel })
      .extract(crop)
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = data;
    channels = info.channels;
  } catch (error) {
    throw new Error(`cannot read image ${path}: ${(error as Error).message}`, { cause: error });
  }
  return toTensor(pixels, channels, p);
}

/** torchvision's sizes: shorter side → resizeShorter, longer side truncated; crop offsets rounded half to even. */
export function cropBox(
  width: number,
  height: number,
  p: Pick<ImagePreprocessing, 'resizeShorter' | 'cropSize'>,
): { resized: { width: number; height: number }; crop: { left: number; top: number; width: number; height: number } } {
  const size = p.cropSize;
  if (p.resizeShorter === 0) {
    return { resized: { width: size, height: size }, crop: { left: 0, top: 0, width: size, height: size } };
  }
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const newLong = Math.floor((p.resizeShorter * long) / short);
  const resized = width <= height ? { width: p.resizeShorter, height: newLong } : { width: newLong, height: p.resizeShorter };
  if (resized.width < size || resized.height < size) {
    throw new Error(`resizeShorter ${p.resizeShorter} is smaller than cropSize ${size}`);
  }
  return {
    resized,
    crop: {
      left: roundHalfToEven((resized.width - size) / 2),
      top: roundHalfToEven((resized.height - size) / 2),
      width: size,
      height: size,
    },
  };
}

/** Python's round(): torchvision's CenterCrop uses it for the offsets. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

function toTensor(pixels: Uint8Array, channels: number, p: ImagePreprocessing): Float32Array {
  const count = p.cropSize * p.cropSize;
  const out = new Float32Array(3 * count);
  const source = p.channelOrder === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 3; c++) {
      const raw = pixels[i * channels + Math.min(source[c], channels - 1)];
      const value = (raw * p.scale - p.mean[c]) / p.std[c];
      out[p.layout === 'nchw' ? c * count + i : i * 3 + c] = value;
    }
  }
  return out;
}
