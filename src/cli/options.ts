import { InvalidArgumentError } from 'commander';

/** `5,10,20` -> [5, 10, 20] */
export function parseIntegerList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  const numbers = parts.map(Number);
  if (parts.length === 0 || numbers.some((n) => !Number.isInteger(n))) {
    throw new InvalidArgumentError(`expected whole numbers separated by commas, e.g. 5,10,20 (got '${value}')`);
  }
  return numbers;
}

export function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  return n;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

/** Repeatable option: `--base-url A --base-url B` -> [A, B]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Drops undefined values so that absent flags never override a config file. */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
