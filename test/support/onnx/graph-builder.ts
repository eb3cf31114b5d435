/**
 * Builds small ONNX models in tests, so the loading and inference code paths run against real
 * files whose weights the test chose (and can compute by hand) instead of downloaded models.
 *
 * Only what the tests need: float32/int64 tensors, the common attribute kinds, one graph.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type ElementType = 'float32' | 'int64' | 'int32' | 'bool';
/** A dimension: a fixed size, or a symbolic name (e.g. 'batch') for a dynamic one. */
export type Dimension = number | string;
/**
 * A plain number or number[] is written as integer(s), since JavaScript cannot tell 1 from 1.0;
 * wrap floats with `float()` / `floats()`.
 */
export type AttributeValue = number | string | readonly number[] | FloatValue | FloatList;

export interface FloatValue {
  readonly float: number;
}
export interface FloatList {
  readonly floats: readonly number[];
}

const ELEMENT_TYPES: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

export const float = (value: number): FloatValue => ({ float: value });
export const floats = (values: readonly number[]): FloatList => ({ floats: values });

export class OnnxGraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private counter = 0;

  constructor(
    private readonly name: string,
    private readonly opset = 17,
  ) {}

  input(name: string, type: ElementType, shape: readonly Dimension[]): this {
    this.inputs.push(valueInfo(name, type, shape));
    return this;
  }

  output(name: string, type: ElementType, shape: readonly Dimension[]): this {
    this.outputs.push(valueInfo(name, type, shape));
    return this;
  }

  /** A constant tensor (weights); `values` in row-major order. */
  constant(name: string, values: ArrayLike<number>, dims: readonly number[], type: ElementType = 'float32'): this {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected) throw new Error(`constant ${name}: ${values.length} values for dims [${dims}]`);
    const tensor = new onnx.TensorProto({ name, dims: [...dims], dataType: ELEMENT_TYPES[type] });
    if (type === 'float32') tensor.floatData = Array.from(values);
    else if (type === 'int64') tensor.int64Data = Array.from(values);
    else tensor.int32Data = Array.from(values);
    this.initializers.push(tensor);
    return this;
  }

  /** Adds a node; returns its single output's name (generated unless given). */
  node(
    opType: string,
    inputs: readonly string[],
    options: { output?: string | readonly string[]; name?: string; attributes?: Record<string, AttributeValue> } = {},
  ): string {
    const outputs =
      options.output === undefined
        ? [`${opType.toLowerCase()}_${this.counter++}`]
        : typeof options.output === 'string'
          ? [options.output]
          : [...options.output];
    const attribute = Object.entries(options.attributes ?? {}).map(([key, value]) => attributeOf(key, value));
    this.nodes.push(
      new onnx.NodeProto({ opType, input: [...inputs], output: outputs, name: options.name ?? outputs[0], attribute }),
    );
    return outputs[0];
  }

  toBytes(): Uint8Array {
    const graph = new onnx.GraphProto({
      name: this.name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
    });
    const model = new onnx.ModelProto({
      irVersion: 8,
      producerName: 'connote-tests',
      opsetImport: [new onnx.OperatorSetIdProto({ domain: '', version: this.opset })],
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElementType, shape: readonly Dimension[]) {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return new onnx.ValueInfoProto({
    name,
    type: { tensorType: { elemType: ELEMENT_TYPES[type], shape: { dim } } },
  });
}

function attributeOf(name: string, value: AttributeValue) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: wrap the float ${value} with float()`);
    return new onnx.AttributeProto({ name, type: AttributeType.INT, i: value });
  }
  if (typeof value === 'string') {
    return new onnx.AttributeProto({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) });
  }
  if ('float' in value) return new onnx.AttributeProto({ name, type: AttributeType.FLOAT, f: value.float });
  if ('floats' in value) return new onnx.AttributeProto({ name, type: AttributeType.FLOATS, floats: [...value.floats] });
  return new onnx.AttributeProto({ name, type: AttributeType.INTS, ints: [...(value as readonly number[])] });
}
