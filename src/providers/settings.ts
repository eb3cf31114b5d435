/**
 * Reads a plain settings record (from the CLI or a config file) with clear errors: every
 * message names the owner and the bad option, and an unknown key (a typo such as
 * `concurency`) is refused with the list of keys that exist. Numbers and booleans may come
 * as strings, as command-line flags do.
 */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export class SettingsReader {
  private readonly read = new Set<string>();

  /** `owner` names who reads the settings in messages, e.g. "describer 'openai'". */
  constructor(
    private readonly owner: string,
    private readonly settings: Readonly<Record<string, unknown>>,
  ) {}

  private value(key: string): unknown {
    this.read.add(key);
    const value = this.settings[key];
    return value === null ? undefined : value;
  }

  fail(key: string, expected: string, got: unknown): never {
    throw new SettingsError(`${this.owner}: setting '${key}' must be ${expected}, got ${describe(got)}`);
  }

  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  optionalString(key: string): string | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') this.fail(key, 'a non-empty string', value);
    return value.trim();
  }

  string(key: string, fallback: string): string {
    return this.optionalString(key) ?? fallback;
  }

  optionalNumber(key: string, rule: NumberRule = {}): number | undefined {
    const raw = this.value(key);
    if (raw === undefined) return undefined;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const expected = describeRule(rule);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, expected, raw);
    if (rule.integer && !Number.isInteger(value)) this.fail(key, expected, raw);
    if (rule.min !== undefined && value < rule.min) this.fail(key, expected, raw);
    if (rule.max !== undefined && value > rule.max) this.fail(key, expected, raw);
    return value;
  }

  number(key: string, fallback: number, rule: NumberRule = {}): number {
    return this.optionalNumber(key, rule) ?? fallback;
  }

  optionalBoolean(key: string): boolean | undefined {
    const raw = this.value(key);
    if (raw === undefined) return undefined;
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return this.fail(key, 'true or false', raw);
  }

  boolean(key: string, fallback: boolean): boolean {
    return this.optionalBoolean(key) ?? fallback;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T | undefined {
    const raw = this.value(key);
    if (raw === undefined) return fallback;
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      this.fail(key, `one of ${allowed.join(', ')}`, raw);
    }
    return raw as T;
  }

  /** A list of strings; a single string (possibly comma-separated, as from a CLI flag) is accepted too. */
  optionalStringList(key: string): string[] | undefined {
    const raw = this.value(key);
    if (raw === undefined) return undefined;
    const items = typeof raw === 'string' ? raw.split(',') : raw;
    if (!Array.isArray(items)) this.fail(key, 'a list of strings', raw);
    const out = items.map((item) => (typeof item === 'string' ? item.trim() : item));
    if (out.length === 0 || out.some((item) => typeof item !== 'string' || item === '')) {
      this.fail(key, 'a non-empty list of non-empty strings', raw);
    }
    return out as string[];
  }

  /** The raw value, for options with their own structure (validated by the caller). */
  raw(key: string): unknown {
    return this.value(key);
  }

  /** Refuses keys nobody asked for; call after reading everything. */
  rejectUnknown(): void {
    const unknown = Object.keys(this.settings).filter((key) => !this.read.has(key) && this.settings[key] !== undefined);
    if (unknown.length > 0) {
      const known = [...this.read].sort().join(', ');
      throw new SettingsError(
        `${this.owner}: unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; known settings are ${known}`,
      );
    }
  }
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${kind} of at least ${rule.min}`;
  if (rule.max !== undefined) return `${kind} of at most ${rule.max}`;
  return kind;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
