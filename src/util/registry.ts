import { checkSettings, nearest, type SettingsSchema } from './settings.js';

/**
 * A registry of named implementations for one pipeline stage. Built-in implementations are
 * registered through the same `register` call a third party would use, and asking for an
 * unknown name fails with a message listing what exists (and the nearest name, for a typo).
 */
export interface RegistryEntry<Factory> {
  readonly name: string;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  /**
   * The settings this implementation reads (see src/util/settings.ts): `validate` checks a
   * configuration against it without constructing anything, and the factory reads through it.
   * Every built-in declares one; an entry without one is checked only by constructing it.
   */
  readonly settings?: SettingsSchema;
  /**
   * Checks what the settings point at without loading it: a model's weights in the cache or on
   * the Hub, a file on disk, an API key for a paid service. Returns one line per problem.
   */
  readonly probe?: (settings: Readonly<Record<string, unknown>>, context: ProbeContext) => Promise<string[]>;
  /** The fewest rows (distinct images) this implementation can work on with these settings, and why. */
  readonly minimumRows?: (settings: Readonly<Record<string, unknown>>) => { readonly rows: number; readonly reason: string };
  readonly create: Factory;
}

/** What a probe may look at. */
export interface ProbeContext {
  /** The folder relative paths in settings are resolved against. */
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** False for `--dry-run`, which sends nothing and so needs no API key. */
  readonly sends: boolean;
}

export class Registry<Factory> {
  private readonly entries = new Map<string, RegistryEntry<Factory>>();

  constructor(readonly stage: string) {}

  register(entry: RegistryEntry<Factory>): void {
    if (this.entries.has(entry.name)) throw new Error(`${this.stage} '${entry.name}' is already registered`);
    this.entries.set(entry.name, entry);
  }

  get(name: string): RegistryEntry<Factory> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(this.unknownName(name));
    return entry;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  list(): RegistryEntry<Factory>[] {
    return [...this.entries.values()];
  }

  /** "describer 'openai'": how messages name one implementation. */
  owner(name: string): string {
    return `${this.stage} '${name}'`;
  }

  /**
   * Every problem with choosing `name` with these settings, one line each (empty when valid):
   * an unknown name, unknown or misspelt keys, values out of range. Constructs nothing.
   */
  validate(name: string, settings: Readonly<Record<string, unknown>>): string[] {
    const entry = this.entries.get(name);
    if (!entry) return [this.unknownName(name)];
    if (!entry.settings) return [];
    const checked = checkSettings(this.owner(name), entry.settings, settings);
    return checked.ok ? [] : checked.problems;
  }

  private unknownName(name: string): string {
    const suggestion = nearest(name, this.names());
    return `unknown ${this.stage} '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; choose one of: ${this.names().join(', ')}`;
  }
}
