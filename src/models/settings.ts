/**
 * Typed reads of a stage's `settings` object (from a config file or CLI flags, so numbers and
 * booleans may arrive as strings). Every error names the stage and the setting.
 */
export type Settings = Readonly<Record<string, unknown>>;

export function readString(settings: Settings, key: string, where: string): string | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${where}: setting '${key}' must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

export function readBoolean(settings: Settings, key: string, where: string): boolean | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) {
    return value.trim().toLowerCase() === 'true';
  }
  throw new Error(`${where}: setting '${key}' must be true or false, got ${JSON.stringify(value)}`);
}

export function readPositiveInteger(settings: Settings, key: string, where: string): number | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new Error(`${where}: setting '${key}' must be a whole number of at least 1, got ${JSON.stringify(value)}`);
  }
  return number;
}

export function readNumber(settings: Settings, key: string, where: string): number | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new Error(`${where}: setting '${key}' must be a number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** A list of numbers, given as an array or a comma-separated string ("0.485,0.456,0.406"). */
export function readNumberList(settings: Settings, key: string, where: string, length: number): number[] | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
  const numbers = Array.isArray(items) ? items.map((item) => (typeof item === 'string' && item !== '' ? Number(item) : item)) : [];
  if (numbers.length !== length || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new Error(`${where}: setting '${key}' must be a list of ${length} numbers, got ${JSON.stringify(value)}`);
  }
  return numbers as number[];
}

/** One of a fixed set of names; an unknown name fails with a message listing the allowed ones. */
export function readChoice<T extends string>(
  settings: Settings,
  key: string,
  where: string,
  allowed: readonly T[],
): T | undefined {
  const value = readString(settings, key, where);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${where}: setting '${key}' must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}
