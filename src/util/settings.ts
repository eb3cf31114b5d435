import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { isSecretKey, redactText } from './secrets.js';

export { z };

/**
 * One settings schema for every stage: each implementation declares a strict zod object of the
 * settings it reads (next to its factory in the registry), the pre-flight check validates a
 * configuration against it without constructing anything, and the factory reads its typed
 * values through the same schema. Values may arrive as strings (command-line flags, `key=value`
 * settings), so numbers and booleans are accepted in their written form; `null` means unset.
 * Every problem is one line naming the owner, the setting, what was given and what is allowed.
 */
export type SettingsSchema = z.ZodObject;
export type Settings = Readonly<Record<string, unknown>>;

/** Every problem found in a stage's settings, one line each. */
export class SettingsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.name = 'SettingsError';
    this.problems = list;
  }
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound (e.g. "above 0"). */
  readonly above?: number;
  readonly integer?: boolean;
}

const unset = (value: unknown): unknown => (value === null ? undefined : value);

/** "5" -> 5, so numbers typed on a command line read as numbers; anything else is left to fail. */
function numeric(value: unknown): unknown {
  const v = unset(value);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

function truthy(value: unknown): unknown {
  const v = unset(value);
  if (typeof v !== 'string') return v;
  const word = v.trim().toLowerCase();
  if (word === 'true' || word === '1') return true;
  if (word === 'false' || word === '0') return false;
  return v;
}

function trimmed(value: unknown): unknown {
  const v = unset(value);
  return typeof v === 'string' ? v.trim() : v;
}

export function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const low = rule.above !== undefined ? `above ${rule.above}` : rule.min !== undefined ? `of at least ${rule.min}` : undefined;
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}`;
  if (low && rule.max !== undefined) return `${kind} ${low} and at most ${rule.max}`;
  if (low) return `${kind} ${low}`;
  if (rule.max !== undefined) return `${kind} of at most ${rule.max}`;
  return kind;
}

function numberSchema(rule: NumberRule): z.ZodNumber {
  const error = describeRule(rule);
  let schema = z.number({ error });
  if (rule.integer) schema = schema.int({ error });
  if (rule.min !== undefined) schema = schema.min(rule.min, { error });
  if (rule.max !== undefined) schema = schema.max(rule.max, { error });
  if (rule.above !== undefined) schema = schema.gt(rule.above, { error });
  return schema;
}

/** The building blocks every stage's schema is made of; each is optional (defaults live in code). */
export const setting = {
  number: (rule: NumberRule = {}) => z.preprocess(numeric, numberSchema(rule).optional()),
  integer: (rule: Omit<NumberRule, 'integer'> = {}) => z.preprocess(numeric, numberSchema({ ...rule, integer: true }).optional()),
  boolean: () => z.preprocess(truthy, z.boolean({ error: 'true or false' }).optional()),
  string: () => z.preprocess(trimmed, z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' }).optional()),
  choice: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.preprocess(trimmed, z.enum(values, { error: `one of ${values.join(', ')}` }).optional()),
  /** A list of strings; one string (comma-separated, as from a flag) is accepted too. */
  stringList: () =>
    z.preprocess(
      (value: unknown) => {
        const v = unset(value);
        const items = typeof v === 'string' ? v.split(',') : v;
        return Array.isArray(items) ? items.map((item) => (typeof item === 'string' ? item.trim() : item)) : items;
      },
      z
        .array(z.string().min(1), { error: 'a non-empty list of non-empty strings' })
        .min(1, { error: 'a non-empty list of non-empty strings' })
        .optional(),
    ),
  /** Exactly `length` numbers, as a list or comma-separated ("0.485,0.456,0.406"). */
  numberList: (length: number) =>
    z.preprocess(
      (value: unknown) => {
        const v = unset(value);
        const items = typeof v === 'string' ? v.split(',') : v;
        return Array.isArray(items) ? items.map(numeric) : items;
      },
      z.array(z.number(), { error: `a list of ${length} numbers` }).length(length, { error: `a list of ${length} numbers` }).optional(),
    ),
};

/** A stage's settings: a strict object, so a misspelt key is refused with the nearest allowed one. */
export function settingsSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape);
}

export type CheckResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: string[] };

/** Validates `settings` against `schema`; every problem is one line that starts with `owner`. */
export function checkSettings<S extends z.ZodType>(owner: string, schema: S, settings: Settings): CheckResult<z.output<S>> {
  const result = schema.safeParse(settings ?? {});
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => describeIssue(owner, schema, settings, issue)) };
}

/** The typed settings, or a SettingsError listing every problem. */
export function readSettings<S extends z.ZodType>(owner: string, schema: S, settings: Settings): z.output<S> {
  const checked = checkSettings(owner, schema, settings);
  if (!checked.ok) throw new SettingsError(checked.problems);
  return checked.value;
}

/** The allowed word nearest to `word`, if it is close enough to be a likely typo. */
export function nearest(word: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const lower = word.toLowerCase();
  const exact = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  const best = closest(lower, allowed.map((candidate) => candidate.toLowerCase()));
  const match = allowed.find((candidate) => candidate.toLowerCase() === best) as string;
  // A swap of two letters costs 2 in Levenshtein's distance ('umpa' -> 'umap'); for short words
  // that is allowed only when the first letter agrees, so 'tsne' does not suggest 'none'.
  const d = distance(lower, best);
  const close = d <= Math.max(1, Math.floor(word.length / 3)) || (d <= 2 && lower[0] === best[0]);
  return close ? match : undefined;
}

/** "; did you mean 'x'?" or nothing. */
export function didYouMean(word: string, allowed: readonly string[]): string {
  const suggestion = nearest(word, allowed);
  return suggestion && suggestion !== word ? `; did you mean '${suggestion}'?` : '';
}

/** A value for messages, never echoing a secret. */
export function describeValue(value: unknown, path: readonly PropertyKey[] = []): string {
  if (path.some((key) => typeof key === 'string' && isSecretKey(key))) return '(hidden)';
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return redactText(text);
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeIssue(owner: string, schema: z.ZodType, settings: Settings, issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const name = pathText([...issue.path, key]);
      return `${owner}: unknown setting '${name}'${didYouMean(key, allowed)} (allowed: ${allowed.join(', ') || 'none'})`;
    });
  }
  const name = pathText(issue.path);
  const got = describeValue(valueAt(settings, issue.path), issue.path);
  return [`${owner}: setting '${name}' must be ${issue.message}, got ${got}`];
}

/** The keys a strict object at `path` of `schema` allows (for suggestions). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (!node) return [];
    const def = node._zod.def as unknown as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
    if (def.type === 'object' && typeof key === 'string') node = unwrap(def.shape?.[key]);
    else if (def.type === 'array') node = unwrap(def.element);
    else if (def.type === 'record') node = unwrap(def.valueType);
    else return [];
  }
  const def = node?._zod.def as unknown as { type: string; shape?: Record<string, z.ZodType> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Looks through optional, preprocess, union (first object member) to the schema that holds keys. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (let depth = 0; node && depth < 10; depth++) {
    const def = node._zod.def as unknown as { type: string; innerType?: z.ZodType; out?: z.ZodType; options?: z.ZodType[] };
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) node = def.innerType;
    else if (def.type === 'pipe' && def.out) node = def.out;
    else if (def.type === 'union' && def.options) {
      node = def.options.map(unwrap).find((option) => (option?._zod.def as { type: string } | undefined)?.type !== 'string') ?? def.options[0];
    } else return node;
  }
  return node;
}
