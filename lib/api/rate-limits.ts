import "server-only";
import { BurstyRateLimiter, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "@/lib/api/errors";
import { RateLimiterClockMemory, RateLimiterDb } from "@/lib/auth/rate-limit-store";
import { now } from "@/lib/clock";
import { env, isPostgresUrl } from "@/lib/env";

// The public API's limits (contract §6 "Rate limits", docs/decisions/0013-api-rate-limits.md): per token on every
// authenticated call, per client address on the tokenless ones.

/** Where the answer for one call stands: what the RateLimit-* headers say, and whether it was refused. */
export type RateVerdict = { isAllowed: boolean; limit: number; remaining: number; msBeforeReset: number };

/** How many calls one process admits for a key before it reports them to the shared count (PostgreSQL only). */
export const SHARED_BATCH = 10;
const BURST_WINDOW_SECONDS = 10;

type LimiterConfig = { perWindow: number; windowSeconds: number; burst: number; shared: boolean; prefix: string };

/**
 * One limiter for one kind of key. Every call is counted in this process's memory first (a Map, no I/O): that alone
 * is the limit on SQLite, where the app runs as one process and a write per request would queue behind the money
 * writes on SQLite's one writer. On PostgreSQL the RateLimit table is the shared truth across processes: each process
 * adds its calls to it SHARED_BATCH at a time, in the background (one upsert per ten calls rather than per call, and
 * never waited for: measured in 0011), and once the shared count says a key is over, this process refuses it from
 * memory until the window ends. The price: each process may admit up to SHARED_BATCH − 1 calls per key that the
 * others have not seen yet, plus what it admits while a report is in flight.
 */
export class KeyLimiter {
  private readonly local: BurstyRateLimiter | RateLimiterClockMemory;
  private readonly shared: RateLimiterDb | null;
  private readonly unreported = new Map<string, number>();
  private readonly sharedBlockedUntil = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(readonly config: LimiterConfig) {
    const { perWindow, windowSeconds, burst, prefix } = config;
    const steady = new RateLimiterClockMemory({
      keyPrefix: `${prefix}:mem`,
      points: perWindow,
      duration: windowSeconds,
    });
    // The burst allowance: calls past the steady rate draw on this, a few seconds' worth at most. Without one the
    // steady limiter stands alone (a burst limiter of 0 points would only shorten the Retry-After it reports).
    this.local =
      burst > 0
        ? new BurstyRateLimiter(
            steady,
            new RateLimiterClockMemory({
              keyPrefix: `${prefix}:mem-burst`,
              points: burst,
              duration: BURST_WINDOW_SECONDS,
            }),
          )
        : steady;
    // The shared count takes calls in batches, and a batch is admitted or refused whole: so across processes it is
    // one window of rate + burst; the finer burst budget (per 10 s) is kept by each process's own limiter.
    this.shared = config.shared
      ? new RateLimiterDb({ keyPrefix: `${prefix}:db`, points: perWindow + burst, duration: windowSeconds })
      : null;
  }

  async consume(key: string): Promise<RateVerdict> {
    const at = now().getTime();
    const blockedUntil = this.sharedBlockedUntil.get(key);
    if (blockedUntil !== undefined) {
      if (blockedUntil > at) return this.verdict(false, 0, blockedUntil - at);
      this.sharedBlockedUntil.delete(key);
    }
    let res: RateLimiterRes;
    try {
      res = await this.local.consume(key);
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return this.verdict(false, 0, refused.msBeforeNext);
      throw refused;
    }
    if (this.shared) {
      // Calls left unreported from an earlier window belong to that window: a new one starts from this call.
      const count = res.isFirstInDuration ? 1 : (this.unreported.get(key) ?? 0) + 1;
      if (count < SHARED_BATCH && !res.isFirstInDuration) {
        this.unreported.set(key, count);
      } else {
        this.unreported.delete(key);
        this.report(key, count);
      }
    }
    return this.verdict(true, res.remainingPoints, res.msBeforeNext);
  }

  /**
   * Adds calls to the shared count off the call's path: measured in 0011, one report cost 10–16 ms on this machine's
   * PostgreSQL, several times a whole request. The call that triggers it is answered from memory; the shared
   * verdict applies to this key's later calls.
   */
  private report(key: string, count: number) {
    const shared = this.shared!;
    const pending = shared.consume(key, count).then(
      () => undefined,
      (refused: unknown) => {
        if (refused instanceof RateLimiterRes) {
          // Over the shared limit: refuse this key here from memory until the shared window ends.
          this.sharedBlockedUntil.set(key, now().getTime() + refused.msBeforeNext);
        } else {
          // The count is a guard, not the request's business: a database hiccup must not fail calls.
          console.warn("rate limit report failed:", refused instanceof Error ? refused.message : refused);
        }
      },
    );
    this.inFlight.add(pending);
    void pending.finally(() => this.inFlight.delete(pending));
  }

  /** Resolves once every report sent so far has landed (tests stand for time passing between calls with it). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private verdict(isAllowed: boolean, remaining: number, msBeforeReset: number): RateVerdict {
    return { isAllowed, limit: this.config.perWindow, remaining, msBeforeReset: Math.max(msBeforeReset, 0) };
  }
}

const limiters = new Map<string, KeyLimiter>();

/**
 * Built per configuration, so a test that changes the env gets a fresh limiter (production reads env once). The count
 * is shared across processes on PostgreSQL only (see KeyLimiter).
 */
function limiterFor(local: Omit<LimiterConfig, "shared">): KeyLimiter {
  const config = { ...local, shared: isPostgresUrl(env().DATABASE_URL) };
  const id = JSON.stringify(config);
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new KeyLimiter(config);
    limiters.set(id, limiter);
  }
  return limiter;
}

/**
 * Per token, on every authenticated public API call: RATE_LIMIT_TOKEN_PER_SECOND, plus a short burst allowance.
 * RATE_LIMIT_TOKEN_OFF=1 (the bench's "limiter off" side) counts nothing and allows every call.
 */
export function consumeTokenCall(tokenId: string): Promise<RateVerdict> {
  const settings = env();
  if (settings.RATE_LIMIT_TOKEN_OFF)
    return Promise.resolve({
      isAllowed: true,
      limit: settings.RATE_LIMIT_TOKEN_PER_SECOND,
      remaining: settings.RATE_LIMIT_TOKEN_PER_SECOND,
      msBeforeReset: 1000,
    });
  return limiterFor({
    prefix: "api-token",
    perWindow: settings.RATE_LIMIT_TOKEN_PER_SECOND,
    windowSeconds: 1,
    burst: settings.RATE_LIMIT_TOKEN_BURST,
  }).consume(tokenId);
}

/** Per client address, on the tokenless public API endpoints: RATE_LIMIT_PUBLIC_PER_MINUTE. */
export function consumeTokenlessCall(clientKey: string): Promise<RateVerdict> {
  return limiterFor({
    prefix: "api-ip",
    perWindow: env().RATE_LIMIT_PUBLIC_PER_MINUTE,
    windowSeconds: 60,
    burst: 0,
  }).consume(clientKey);
}

/** The IETF draft's RateLimit-* headers (and Retry-After on a refusal), in whole seconds. */
export function rateLimitHeaders(verdict: RateVerdict): Record<string, string> {
  const resetSeconds = String(secondsBeforeReset(verdict));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(verdict.limit),
    "RateLimit-Remaining": String(verdict.remaining),
    "RateLimit-Reset": resetSeconds,
  };
  if (!verdict.isAllowed) headers["Retry-After"] = resetSeconds;
  return headers;
}

export function rateLimitedError(verdict: RateVerdict): ApiError {
  const retryAfterSeconds = secondsBeforeReset(verdict);
  return new ApiError("RATE_LIMITED", `Too many requests. Retry after ${retryAfterSeconds} s.`, { retryAfterSeconds });
}

/** Whole seconds, rounded up and at least 1: what a client may wait before it tries again, in headers and body alike. */
function secondsBeforeReset(verdict: RateVerdict): number {
  return Math.max(Math.ceil(verdict.msBeforeReset / 1000), 1);
}
