import { nextOpen } from './next-open.js';

/**
 * The keyboard coding of image pairs as a small state machine, apart from the page so it can be
 * tested on its own. Each pair takes two judgements, denotative then connotative, on 1..3;
 * Backspace steps back one judgement (to change it); every judgement is returned for saving.
 */
export type Dimension = 'denotative' | 'connotative';

export interface PairValues {
  denotative: number | null;
  connotative: number | null;
}

export interface Judgement {
  readonly pairId: string;
  readonly dimension: Dimension;
  readonly value: number;
}

export class PairSession {
  index: number;
  step: Dimension = 'denotative';
  private readonly values: Map<string, PairValues>;

  constructor(private readonly pairs: ReadonlyArray<{ pairId: string; rating: PairValues | null }>) {
    this.values = new Map(pairs.map((pair) => [pair.pairId, { denotative: pair.rating?.denotative ?? null, connotative: pair.rating?.connotative ?? null }]));
    this.index = this.nextIncomplete(-1);
    this.step = this.firstMissingStep(this.index);
  }

  get total(): number {
    return this.pairs.length;
  }

  get done(): boolean {
    return this.index >= this.pairs.length;
  }

  get pairId(): string | undefined {
    return this.pairs[this.index]?.pairId;
  }

  valuesOf(pairId: string): PairValues {
    return this.values.get(pairId) ?? { denotative: null, connotative: null };
  }

  /** Pairs with both judgements made. */
  get rated(): number {
    let count = 0;
    for (const v of this.values.values()) if (v.denotative !== null && v.connotative !== null) count++;
    return count;
  }

  private complete(index: number): boolean {
    const v = this.values.get(this.pairs[index].pairId);
    return !!v && v.denotative !== null && v.connotative !== null;
  }

  private nextIncomplete(from: number): number {
    return nextOpen(this.pairs.length, from, (i) => this.complete(i));
  }

  private firstMissingStep(index: number): Dimension {
    const pair = this.pairs[index];
    if (!pair) return 'denotative';
    const v = this.valuesOf(pair.pairId);
    return v.denotative !== null && v.connotative === null ? 'connotative' : 'denotative';
  }

  /** Records a judgement (1, 2 or 3) for the current step and moves on; null when there is nothing to rate. */
  press(value: number): Judgement | null {
    if (this.done || !Number.isInteger(value) || value < 1 || value > 3) return null;
    const pairId = this.pairs[this.index].pairId;
    const values = this.values.get(pairId) as PairValues;
    const judgement = { pairId, dimension: this.step, value };
    values[this.step] = value;
    if (this.step === 'denotative') {
      this.step = 'connotative';
    } else {
      this.index = this.nextIncomplete(this.index);
      this.step = this.firstMissingStep(this.index);
    }
    return judgement;
  }

  /** Steps back one judgement; false at the very start. */
  back(): boolean {
    if (!this.done && this.step === 'connotative') {
      this.step = 'denotative';
      return true;
    }
    const previous = Math.min(this.index, this.pairs.length) - 1;
    if (previous < 0) return false;
    this.index = previous;
    this.step = 'connotative';
    return true;
  }
}
