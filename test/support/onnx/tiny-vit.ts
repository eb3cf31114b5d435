/**
 * A ViT-shaped image-feature-extraction model small enough to compute by hand, written as a
 * Hugging Face model folder (config.json, preprocessor_config.json, onnx/model.onnx):
 * token 0 = per-channel mean of pixel_values, token 1 = per-channel max;
 * last_hidden_state = [token0, token1]; pooler_output = tanh(token0 · W + b).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraphBuilder } from './graph-builder.js';
import { writeJson } from './tiny-bert.js';

export const TINY_VIT = {
  size: 2,
  mean: [0.5, 0.4, 0.3],
  std: [0.5, 0.25, 0.2],
  pooler: { weight: [1, -0.5, 0.25, 0.5, 1, -1, -0.25, 0.75, 0.5], bias: [0.1, 0, -0.1] }, // [in=3][out=3]
} as const;

export function writeTinyVit(dir: string): void {
  const g = new OnnxGraphBuilder('tiny-vit')
    .input('pixel_values', 'float32', ['batch', 3, TINY_VIT.size, TINY_VIT.size])
    .constant('pooler.weight', TINY_VIT.pooler.weight, [3, 3])
    .constant('pooler.bias', TINY_VIT.pooler.bias, [3])
    .constant('axis1', [1], [1], 'int64')
    .output('last_hidden_state', 'float32', ['batch', 2, 3])
    .output('pooler_output', 'float32', ['batch', 3]);
  const meanToken = g.node('ReduceMean', ['pixel_values'], { attributes: { axes: [2, 3], keepdims: 0 } });
  const maxToken = g.node('ReduceMax', ['pixel_values'], { attributes: { axes: [2, 3], keepdims: 0 } });
  const first = g.node('Unsqueeze', [meanToken, 'axis1']);
  const second = g.node('Unsqueeze', [maxToken, 'axis1']);
  g.node('Concat', [first, second], { output: 'last_hidden_state', attributes: { axis: 1 } });
  const dense = g.node('MatMul', [meanToken, 'pooler.weight']);
  const biased = g.node('Add', [dense, 'pooler.bias']);
  g.node('Tanh', [biased], { output: 'pooler_output' });

  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), g.toBytes());
  writeJson(join(dir, 'config.json'), {
    architectures: ['ViTModel'],
    model_type: 'vit',
    hidden_size: 3,
    image_size: TINY_VIT.size,
    num_channels: 3,
  });
  writeJson(join(dir, 'preprocessor_config.json'), {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height: TINY_VIT.size, width: TINY_VIT.size },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: TINY_VIT.mean,
    image_std: TINY_VIT.std,
  });
}

/** The model's outputs for one 2×2 RGB image given as row-major 0–255 values. */
export function tinyVitOutputs(rgb: readonly number[]): { meanToken: number[]; maxToken: number[]; pooler: number[] } {
  const channel = (c: number) => [0, 1, 2, 3].map((p) => (rgb[p * 3 + c] / 255 - TINY_VIT.mean[c]) / TINY_VIT.std[c]);
  const meanToken = [0, 1, 2].map((c) => channel(c).reduce((a, b) => a + b, 0) / 4);
  const maxToken = [0, 1, 2].map((c) => Math.max(...channel(c)));
  const pooler = [0, 1, 2].map((o) =>
    Math.tanh(meanToken.reduce((sum, v, i) => sum + v * TINY_VIT.pooler.weight[i * 3 + o], TINY_VIT.pooler.bias[o])),
  );
  return { meanToken, maxToken, pooler };
}
