/**
 * A token bucket: `burst` tokens, refilled at `ratePerSecond`; each event takes one. Synchronous and a few numbers
 * per instance, for a check that runs before any other work on every event of a socket.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Takes a token; false when none is left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.ratePerSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next token. */
  secondsToNext(): number {
    return Math.max(0, (1 - this.tokens) / this.ratePerSecond);
  }
}
