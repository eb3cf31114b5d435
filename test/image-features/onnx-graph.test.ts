import { describe, expect, it } from 'vitest';
import { readGraphSummary, resolveLayer, withExtraOutputs } from '../../src/image-features/onnx-graph.js';
import { tinyCnnModel } from '../support/onnx/tiny-cnn.js';

describe('ONNX graph summary', () => {
  const bytes = tinyCnnModel();
  const summary = readGraphSummary(bytes);

  it('lists inputs, outputs and nodes without decoding weights', () => {
    expect(summary.inputs).toEqual(['pixels']);
    expect(summary.outputs).toEqual(['fc2_out']);
    expect(summary.nodes.map((n) => n.name)).toEqual(['conv1', 'relu_0', 'avgpool', 'flatten_1', 'fc1', 'fc1_relu', 'fc2']);
    expect(summary.nodes.find((n) => n.name === 'fc1')).toEqual({ name: 'fc1', opType: 'Gemm', outputs: ['fc1_out'] });
  });

  it('resolves a layer by output, inner value or node name', () => {
    expect(resolveLayer(summary, 'fc2_out')).toBe('fc2_out');
    expect(resolveLayer(summary, 'avgpool_out')).toBe('avgpool_out');
    expect(resolveLayer(summary, 'fc1')).toBe('fc1_out');
    expect(resolveLayer(summary, 'nope')).toBeUndefined();
  });

  it('adds graph outputs by appending a message, leaving the original bytes intact', () => {
    const extended = withExtraOutputs(bytes, ['fc1_out', 'avgpool_out']);
    expect(Buffer.compare(extended.subarray(0, bytes.length), bytes)).toBe(0);
    expect(readGraphSummary(extended).outputs).toEqual(['fc2_out', 'fc1_out', 'avgpool_out']);
  });

  it('rejects bytes that are not protobuf', () => {
    expect(() => readGraphSummary(new TextEncoder().encode('\u00ff\u00ff\u00ff'))).toThrow(/not an ONNX file|truncated/);
  });
});
