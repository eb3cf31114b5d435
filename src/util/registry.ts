/**
 * A registry of named implementations for one pipeline stage. Built-in implementations are
 * registered through the same `register` call a third party would use, and asking for an
 * unknown name fails with a message listing what exists.
 */
export interface RegistryEntry<Factory> {
  readonly name: string;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  readonly create: Factory;
}

export class Registry<Factory> {
  private readonly entries = new Map<string, RegistryEntry<Factory>>();

  constructor(private readonly stage: string) {}

  register(entry: RegistryEntry<Factory>): void {
    if (this.entries.has(entry.name)) throw new Error(`${this.stage} '${entry.name}' is already registered`);
    this.entries.set(entry.name, entry);
  }

  get(name: string): RegistryEntry<Factory> {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new Error(`unknown ${this.stage} '${name}'; choose one of: ${this.names().join(', ')}`);
    }
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
}
