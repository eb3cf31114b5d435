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

/**
 * A stage's settings on the command line: a JSON object (`'{"temperature": 0.2}'`) or
 * `key=value` pairs separated by commas (`temperature=0.2,detail=low`); a value that reads as
 * JSON (a number, true, a list) is taken as such, anything else as text. Repeatable; later wins.
 */
export function parseSettings(value: string, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const text = value.trim();
  let parsed: Record<string, unknown>;
  if (text.startsWith('{')) {
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidArgumentError(`expected a JSON object or key=value pairs: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON object or key=value pairs');
  } else {
    parsed = {};
    // Split only at commas that start a new `key=`, so a value may hold commas (a list of URLs).
    for (const pair of text.split(/,(?=\s*[A-Za-z_][\w.-]*\s*=)/)) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new InvalidArgumentError(`expected key=value pairs or a JSON object, got '${pair}'`);
      const raw = pair.slice(equals + 1).trim();
      let parsedValue: unknown = raw;
      try {
        parsedValue = JSON.parse(raw);
      } catch {
        // plain text
      }
      parsed[pair.slice(0, equals).trim()] = parsedValue;
    }
  }
  return { ...(previous ?? {}), ...parsed };
}

/** Repeatable option: `--base-url A --base-url B` -> [A, B]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Drops undefined values so that absent flags never override a config file. */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A help paragraph written over several source lines, as one line per paragraph: commander then
 * wraps it to the terminal's width instead of keeping our line breaks (ragged on a narrow one).
 * A blank line separates paragraphs; a line that starts with spaces keeps its break.
 */
export function prose(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\n(?! )/g, ' '))
    .join('\n\n');
}
