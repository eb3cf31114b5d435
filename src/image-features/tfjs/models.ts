/**
 * The CNNs whose weights ship inside an npm package, so the CNN baseline runs with nothing
 * downloaded at run time. Only nsfwjs ships complete TensorFlow.js weights in its tarball
 * (`@tensorflow-models/mobilenet` fetches them from TF Hub when loaded); see docs/cnn-baseline.md.
 *
 * Both models are Keras `keras.applications` networks started from ImageNet weights, whose
 * lower blocks stayed frozen while the upper blocks were fine-tuned for 5-class NSFW
 * classification (drawings, hentai, neutral, porn, sexy). Every weight is stored uint8-quantised.
 * @see https://github.com/GantMan/nsfw_model training/mobilenetv2_transfer/ (freeze and unfreeze)
 */
export interface BundledCnnModel {
  /** The name users pass as `model` in the settings. */
  readonly id: string;
  /** Folder under `nsfwjs/dist/models/` holding `model.min.js` and its weight shards. */
  readonly directory: string;
  readonly architecture: string;
  /** Square input side in pixels the network was trained at. */
  readonly inputSize: number;
  /** Penultimate pooled layer: the global average pool before the NSFW dense head. */
  readonly featureLayer: string;
  readonly featureDim: number;
  /**
   * Deepest block output none of whose ancestors the NSFW fine-tuning unfroze (every layer
   * upstream has `trainable: false` in the shipped topology): ImageNet convolution weights.
   */
  readonly lastImageNetLayer: string;
}

export const bundledCnnModels: Readonly<Record<string, BundledCnnModel>> = {
  'mobilenet-v2': {
    id: 'mobilenet-v2',
    directory: 'mobilenet_v2',
    architecture: 'MobileNetV2 (width 1.0), Keras applications',
    inputSize: 224,
    // AveragePooling2D(pool_size 7x7) over the 7x7x1280 `out_relu` map: a global average pool.
    featureLayer: 'average_pooling2d_1',
    featureDim: 1280,
    lastImageNetLayer: 'block_10_project_BN',
  },
  'inception-v3': {
    id: 'inception-v3',
    directory: 'inception_v3',
    architecture: 'InceptionV3, Keras applications',
    inputSize: 299,
    // AveragePooling2D(pool_size 8x8) over the 8x8x2048 `mixed10` map: a global average pool.
    featureLayer: 'average_pooling2d_10',
    featureDim: 2048,
    lastImageNetLayer: 'mixed5',
  },
};

export const defaultCnnModel = 'mobilenet-v2';

export function bundledCnnModel(id: string): BundledCnnModel {
  const model = bundledCnnModels[id];
  if (!model) {
    throw new Error(`unknown tfjs image model '${id}'; choose one of: ${Object.keys(bundledCnnModels).join(', ')}`);
  }
  return model;
}
