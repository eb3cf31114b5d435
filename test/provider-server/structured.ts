import { sha256 } from '../../src/util/hash.js';
import { createRandom } from '../../src/util/random.js';
import { invalid } from './errors.js';

/**
 * Structured outputs (`response_format`), as OpenAI documents them: `{ type: 'text' }`,
 * `{ type: 'json_object' }` (JSON mode: the messages must mention JSON), or `{ type:
 * 'json_schema', json_schema: { name, schema, strict } }`, where strict mode requires every
 * object to list all its properties as required and to set `additionalProperties: false`.
 * The answer is a deterministic instance of the schema whose strings are made from the words
 * the prompt uses most, so a test can check that an answer belongs to the request that asked.
 */
export type ResponseFormat = { readonly type: 'text' } | { readonly type: 'json_object' } | { readonly type: 'json_schema'; readonly schema: JsonSchema };

export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

export function readResponseFormat(value: unknown, promptText: string): ResponseFormat {
  if (!isRecord(value)) throw invalid("'response_format' must be an object", 'response_format');
  if (value.type === 'text') return { type: 'text' };
  if (value.type === 'json_object') {
    if (!/json/i.test(promptText)) throw invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
    return { type: 'json_object' };
  }
  if (value.type !== 'json_schema') throw invalid("'response_format.type' must be one of 'text', 'json_object', 'json_schema'", 'response_format.type');
  const spec = value.json_schema;
  if (!isRecord(spec)) throw invalid("'response_format.json_schema' is required", 'response_format.json_schema');
  if (typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
    throw invalid("'response_format.json_schema.name' must be 1 to 64 letters, digits, underscores or dashes", 'response_format.json_schema.name');
  }
  if (!isRecord(spec.schema)) throw invalid("'response_format.json_schema.schema' must be a JSON schema object", 'response_format.json_schema.schema');
  if (spec.strict !== undefined && typeof spec.strict !== 'boolean') throw invalid("'response_format.json_schema.strict' must be a boolean", 'response_format.json_schema.strict');
  if (spec.strict) checkStrict(spec.schema as JsonSchema, 'response_format.json_schema.schema');
  return { type: 'json_schema', schema: spec.schema as JsonSchema };
}

function checkStrict(schema: JsonSchema, at: string): void {
  if (schema.type === 'object') {
    const keys = Object.keys(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    if (schema.additionalProperties !== false) throw invalid(`Invalid schema: In strict mode, 'additionalProperties' must be false at ${at}`, 'response_format');
    const missing = keys.filter((k) => !required.has(k));
    if (missing.length > 0) throw invalid(`Invalid schema: In strict mode, 'required' must list every property; missing ${missing.join(', ')} at ${at}`, 'response_format');
    for (const key of keys) checkStrict(schema.properties![key], `${at}.properties.${key}`);
  }
  if (schema.type === 'array' && schema.items) checkStrict(schema.items, `${at}.items`);
}

const COMMON = new Set('that this with from what their they which there have were been about these those into them than then only also each other some most more such when your would could should will where while images image cluster clusters descriptions description names name keywords write words short sentence json object answer exactly given keys must'.split(' '));

/** The prompt's most used words (four letters or more, common words left out), most used first. */
export function salientWords(text: string, count = 8): string[] {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/\p{L}{4,}/gu)) {
    if (!COMMON.has(match[0])) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, count).map(([word]) => word);
}

/** A deterministic instance of `schema` for a prompt: the same request always gets the same answer. */
export function instanceOf(schema: JsonSchema, promptText: string, path = ''): unknown {
  const words = salientWords(promptText);
  const random = createRandom(parseInt(sha256(`${path}\n${promptText}`).slice(0, 8), 16));
  const pick = (n: number): string[] => Array.from({ length: n }, () => words[random.int(Math.max(1, words.length))] ?? 'nothing');
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, instanceOf(value, promptText, `${path}.${key}`)]));
    case 'array':
      return schema.items ? [instanceOf(schema.items, promptText, `${path}[0]`)] : [];
    case 'integer':
      return random.int(100);
    case 'number':
      return random.next();
    case 'boolean':
      return random.next() < 0.5;
    default: {
      const [first, ...rest] = pick(2 + random.int(2));
      return /description|criteria|reason/.test(path) ? `Images about ${first}, ${rest.join(' and ')}.` : [first[0].toUpperCase() + first.slice(1), ...rest].join(' ');
    }
  }
}
