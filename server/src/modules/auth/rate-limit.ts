// Failed logins per client IP + username in a sliding window; after MAX_FAILURES the pair is
// refused until the oldest failure leaves the window. In memory: a restart forgets, which only
// helps a guesser by one window, and a multi-node deployment would move this to Redis.
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_FAILURES = 5;

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly windowMs = LOGIN_WINDOW_MS,
    private readonly maxFailures = LOGIN_MAX_FAILURES,
  ) {}

  private key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until the next attempt is allowed; 0 when allowed now. */
  retryAfter(ip: string, username: string, now: number): number {
    const list = this.recent(this.key(ip, username), now);
    if (list.length < this.maxFailures) return 0;
    const oldest = list[list.length - this.maxFailures] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  fail(ip: string, username: string, now: number): void {
    const key = this.key(ip, username);
    this.failures.set(key, [...this.recent(key, now), now]);
    // Bound memory under a spray of usernames: drop the oldest keys.
    if (this.failures.size > 10_000) {
      const first = this.failures.keys().next();
      if (!first.done) this.failures.delete(first.value);
    }
  }

  succeed(ip: string, username: string): void {
    this.failures.delete(this.key(ip, username));
  }
}
