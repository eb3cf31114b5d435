/**
 * A VGG-shaped image classifier small enough to compute by hand:
 * 1×1 Conv (3→2 channels) → Relu → GlobalAveragePool → Flatten → Gemm 'fc1' (2→3) → Relu →
 * Gemm 'fc2' (3→2). Node names differ from their output values (as in PyTorch exports), so
 * selecting a layer by node name is tested too. Only fc2's output is a graph output.
 */
import { OnnxGraphBuilder } from './graph-builder.js';

export const TINY_CNN = {
  conv: { weight: [0.5, -1, 2, 1, 0.25, -0.5], bias: [0.1, -0.2] }, // [out=2][in=3]
  fc1: { weight: [1, -2, 0.5, 1, -1, 0.25], bias: [0, 0.1, -0.3] }, // [out=3][in=2]
  fc2: { weight: [1, 0, -1, 0.5, 2, 1], bias: [0.2, -0.1] }, // [out=2][in=3]
} as const;

export interface TinyCnnOptions {
  /** Declared spatial size; a string makes it dynamic. */
  readonly size?: number | string;
  readonly batch?: number | string;
  /** 'nhwc' inserts a Transpose so the model takes [N, H, W, C] as Keras exports do. */
  readonly layout?: 'nchw' | 'nhwc';
}

export function tinyCnnModel(options: TinyCnnOptions = {}): Uint8Array {
  const size = options.size ?? 'size';
  const batch = options.batch ?? 'batch';
  const nhwc = options.layout === 'nhwc';
  const g = new OnnxGraphBuilder('tiny-cnn')
    .input('pixels', 'float32', nhwc ? [batch, size, size, 3] : [batch, 3, size, size])
    .constant('conv.weight', TINY_CNN.conv.weight, [2, 3, 1, 1])
    .constant('conv.bias', TINY_CNN.conv.bias, [2])
    .constant('fc1.weight', TINY_CNN.fc1.weight, [3, 2])
    .constant('fc1.bias', TINY_CNN.fc1.bias, [3])
    .constant('fc2.weight', TINY_CNN.fc2.weight, [2, 3])
    .constant('fc2.bias', TINY_CNN.fc2.bias, [2])
    .output('fc2_out', 'float32', [batch, 2]);
  const input = nhwc ? g.node('Transpose', ['pixels'], { attributes: { perm: [0, 3, 1, 2] } }) : 'pixels';
  const conv = g.node('Conv', [input, 'conv.weight', 'conv.bias'], { name: 'conv1', output: 'conv1_out' });
  const relu = g.node('Relu', [conv]);
  const pooled = g.node('GlobalAveragePool', [relu], { name: 'avgpool', output: 'avgpool_out' });
  const flat = g.node('Flatten', [pooled], { attributes: { axis: 1 } });
  const fc1 = g.node('Gemm', [flat, 'fc1.weight', 'fc1.bias'], { name: 'fc1', output: 'fc1_out', attributes: { transB: 1 } });
  const relu1 = g.node('Relu', [fc1], { name: 'fc1_relu', output: 'fc1_relu_out' });
  g.node('Gemm', [relu1, 'fc2.weight', 'fc2.bias'], { name: 'fc2', output: 'fc2_out', attributes: { transB: 1 } });
  return g.toBytes();
}

/** The layers for one image given as CHW float values, in float64. */
export function tinyCnnLayers(chw: ArrayLike<number>, pixels: number): { fc1: number[]; fc1Relu: number[]; fc2: number[] } {
  const relu = (v: number) => Math.max(0, v);
  const pooled = [0, 1].map((c) => {
    let sum = 0;
    for (let p = 0; p < pixels; p++) {
      let v = TINY_CNN.conv.bias[c];
      for (let k = 0; k < 3; k++) v += TINY_CNN.conv.weight[c * 3 + k] * chw[k * pixels + p];
      sum += relu(v);
    }
    return sum / pixels;
  });
  const dense = (x: number[], layer: { weight: readonly number[]; bias: readonly number[] }) =>
    layer.bias.map((b, o) => x.reduce((sum, v, i) => sum + v * layer.weight[o * x.length + i], b));
  const fc1 = dense(pooled, TINY_CNN.fc1);
  const fc1Relu = fc1.map(relu);
  return { fc1, fc1Relu, fc2: dense(fc1Relu, TINY_CNN.fc2) };
}
