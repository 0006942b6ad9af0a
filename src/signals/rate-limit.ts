/**
 * Per-integration rate limits, per instance: a token bucket refilled at the integration's rate
 * per minute, holding at most ten seconds' worth (a burst). Over the limit the sender gets 429 with
 * Retry-After, and senders such as Alertmanager retry: nothing is lost, the database is spared.
 */

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by integration id. */
export class RateLimiter {
  #buckets = new Map<string, Bucket>();

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(integrationId: string, perMinute: number, nowMs: number): number {
    const rate = perMinute / 60_000;
    const capacity = Math.max(1, perMinute / 6);
    let b = this.#buckets.get(integrationId);
    if (!b) {
      b = { tokens: capacity, at: nowMs };
      this.#buckets.set(integrationId, b);
    }
    b.tokens = Math.min(capacity, b.tokens + (nowMs - b.at) * rate);
    b.at = nowMs;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}
