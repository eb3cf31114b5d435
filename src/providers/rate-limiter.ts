/**
 * A token bucket for one per-minute limit (requests or tokens per minute). It refills
 * continuously at `perMinute / 60` units per second and holds at most one second's worth
 * (or one unit), so a limit of 600 requests per minute never bursts 600 requests into the
 * first second: providers enforce their limits over short windows too.
 *
 * A request larger than the bucket (a 5,000-token request under a 3,000 TPM limit) is let
 * through when the bucket is full and leaves it in debt, instead of waiting forever.
 */
export class TokenBucket {
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private level: number;
  private updatedAt: number;

  constructor(
    readonly perMinute: number,
    now: number,
    burstSeconds = 1,
  ) {
    if (!(perMinute > 0)) throw new Error(`a rate limit must be positive, got ${perMinute}`);
    this.refillPerMs = perMinute / 60_000;
    this.capacity = Math.max(1, (perMinute / 60) * burstSeconds);
    this.level = this.capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.refillPerMs);
      this.updatedAt = now;
    }
  }

  /** Milliseconds until `amount` could be taken (0 when it can be taken now). Takes nothing. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacity);
    if (this.level >= needed) return 0;
    return Math.ceil((needed - this.level) / this.refillPerMs);
  }

  /** Takes `amount`; call only after `waitFor` returned 0. */
  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }
}
