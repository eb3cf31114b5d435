import { expect, it } from 'vitest';
import { createContext } from '../../src/types/context.js';
import type { DescribeOutcome, DescribeRequest, Describer } from '../../src/describe/types.js';

/**
 * The contract every Describer meets. Call inside a `describe()` block with a factory and
 * requests it can answer (real image files).
 */
export function describerConformance(make: () => Describer | Promise<Describer>, requests: () => DescribeRequest[]): void {
  const collect = async (describer: Describer, input: DescribeRequest[]): Promise<DescribeOutcome[]> => {
    const out: DescribeOutcome[] = [];
    for await (const outcome of describer.describe(input, createContext())) out.push(outcome);
    return out;
  };

  it('conformance: records what changes the text in its signature', async () => {
    const describer = await make();
    expect(describer.signature.describer).toBe(describer.name);
    expect(typeof describer.signature.model).toBe('string');
    expect(describer.signature.model.length).toBeGreaterThan(0);
    expect(() => JSON.stringify(describer.signature.params)).not.toThrow();
    expect(describer.prompt.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('conformance: answers every request once: one outcome, or one per text whose items cover its ids exactly once', async () => {
    const describer = await make();
    const input = requests();
    const outcomes = await collect(describer, input);
    expect([...new Set(outcomes.map((o) => o.imageHash))].sort()).toEqual(input.map((r) => r.imageHash).sort());
    for (const request of input) {
      const own = outcomes.filter((o) => o.imageHash === request.imageHash);
      if (own.length === 1 && !(own[0].kind === 'description' && own[0].itemIds)) continue;
      // Texts that belong to items: every id of the request in exactly one of them.
      const ids = own.flatMap((o) => (o.kind === 'description' ? (o.itemIds ?? []) : []));
      expect(own.every((o) => o.kind === 'description' && o.itemIds)).toBe(true);
      expect([...ids].sort()).toEqual([...request.ids].sort());
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'description') {
        expect(['ok', 'refused', 'empty', 'unreadable']).toContain(outcome.status);
        expect(typeof outcome.text).toBe('string');
        if (outcome.status === 'ok') expect(outcome.text.trim().length).toBeGreaterThan(0);
      } else {
        expect(outcome.message.length).toBeGreaterThan(0);
      }
    }
    await describer.close?.();
  });

  it('conformance: yields nothing for no requests', async () => {
    const describer = await make();
    expect(await collect(describer, [])).toEqual([]);
    await describer.close?.();
  });
}
