/**
 * Just enough of the ONNX protobuf format to pick a layer by name: list a graph's nodes and
 * outputs, and expose an inner value (e.g. VGG16's fc1) as an extra graph output.
 *
 * Reading skips every field it does not need by its length, so the weights of a 500 MB model
 * are never decoded. Adding outputs uses protobuf's documented merge rule — a message parsed
 * from two concatenated encodings equals the merge of both, and repeated fields append — so
 * the original bytes stay untouched and a small `ModelProto { graph { output: [...] } }` is
 * appended. @see https://protobuf.dev/programming-guides/encoding/#last-one-wins
 * Field numbers: @see https://github.com/onnx/onnx/blob/main/onnx/onnx.proto
 */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const VALUE_INFO_NAME = 1;

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export interface OnnxNodeSummary {
  readonly name: string;
  readonly opType: string;
  readonly outputs: readonly string[];
}

export interface OnnxGraphSummary {
  /** Graph inputs (weights stored as initializers may be listed too in older exports). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly nodes: readonly OnnxNodeSummary[];
}

export function readGraphSummary(bytes: Uint8Array): OnnxGraphSummary {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const nodes: OnnxNodeSummary[] = [];
  for (const graph of fieldsOf(bytes, MODEL_GRAPH)) {
    for (const field of fields(graph)) {
      if (field.number === GRAPH_NODE) nodes.push(readNode(field.value));
      else if (field.number === GRAPH_INPUT) inputs.push(stringField(field.value, VALUE_INFO_NAME));
      else if (field.number === GRAPH_OUTPUT) outputs.push(stringField(field.value, VALUE_INFO_NAME));
    }
  }
  return { inputs, outputs, nodes };
}

/**
 * The value a layer name refers to: a graph output or inner value of that name, else the first
 * output of the node of that name. Undefined when neither exists.
 */
export function resolveLayer(summary: OnnxGraphSummary, layer: string): string | undefined {
  if (summary.outputs.includes(layer)) return layer;
  if (summary.nodes.some((node) => node.outputs.includes(layer))) return layer;
  return summary.nodes.find((node) => node.name === layer)?.outputs[0];
}

/** The model with `names` added as graph outputs (ONNX Runtime infers their types). */
export function withExtraOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const outputs = names.map((name) => lengthDelimited(GRAPH_OUTPUT, lengthDelimited(VALUE_INFO_NAME, new TextEncoder().encode(name))));
  const suffix = lengthDelimited(MODEL_GRAPH, concat(outputs));
  return concat([bytes, suffix]);
}

interface Field {
  readonly number: number;
  /** The bytes of a length-delimited field; empty for other wire types. */
  readonly value: Uint8Array;
}

function* fields(bytes: Uint8Array): Generator<Field> {
  let position = 0;
  while (position < bytes.length) {
    const [key, afterKey] = readVarint(bytes, position);
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    position = afterKey;
    if (wireType === LENGTH_DELIMITED) {
      const [length, start] = readVarint(bytes, position);
      if (start + length > bytes.length) throw new Error('truncated ONNX file (a field runs past the end)');
      yield { number, value: bytes.subarray(start, start + length) };
      position = start + length;
    } else if (wireType === VARINT) {
      position = readVarint(bytes, position)[1];
    } else if (wireType === FIXED64) {
      position += 8;
    } else if (wireType === FIXED32) {
      position += 4;
    } else {
      throw new Error(`not an ONNX file (unexpected protobuf wire type ${wireType})`);
    }
  }
}

function* fieldsOf(bytes: Uint8Array, number: number): Generator<Uint8Array> {
  for (const field of fields(bytes)) if (field.number === number) yield field.value;
}

function readNode(bytes: Uint8Array): OnnxNodeSummary {
  let name = '';
  let opType = '';
  const outputs: string[] = [];
  for (const field of fields(bytes)) {
    if (field.number === NODE_OUTPUT) outputs.push(decode(field.value));
    else if (field.number === NODE_NAME) name = decode(field.value);
    else if (field.number === NODE_OP_TYPE) opType = decode(field.value);
  }
  return { name, opType, outputs };
}

function stringField(bytes: Uint8Array, number: number): string {
  for (const value of fieldsOf(bytes, number)) return decode(value);
  return '';
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** A varint as a JavaScript number (exact up to 2^53, far beyond any field length or key). */
function readVarint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let position = start; position < bytes.length && position < start + 10; position++) {
    const byte = bytes[position];
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, position + 1];
    scale *= 128;
  }
  throw new Error('not an ONNX file (malformed protobuf varint)');
}

function writeVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function lengthDelimited(number: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...writeVarint(number * 8 + LENGTH_DELIMITED), ...writeVarint(payload.length)]), payload]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
