import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { KeyLimiter, SHARED_BATCH } from "@/lib/api/rate-limits";
import { resetClock, setClock } from "@/lib/clock";
import { addRateLimitPoints, isPostgres } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { wellKnownGet } from "../support/agent-api";
import { api, get } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens } = inject("fixtures");
const LIMIT_VARS = [
  "RATE_LIMIT_TOKEN_PER_SECOND",
  "RATE_LIMIT_TOKEN_BURST",
  "RATE_LIMIT_PUBLIC_PER_MINUTE",
  "RATE_LIMIT_TOKEN_OFF",
] as const;
const saved = Object.fromEntries(LIMIT_VARS.map((name) => [name, process.env[name]]));
let at = Date.parse("2030-01-01T00:00:00.000Z");

beforeEach(() => {
  process.env.RATE_LIMIT_TOKEN_PER_SECOND = "10";
  process.env.RATE_LIMIT_TOKEN_BURST = "5";
  resetEnvCache();
  at += 3_600_000; // each test in a fresh hour: no window or burst left over from the one before
  setClock(() => new Date(at));
});

afterEach(() => {
  for (const name of LIMIT_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetEnvCache();
  resetClock();
});

describe("per-token limits", () => {
  it("RATE_LIMIT_TOKEN_OFF=1 (the bench's off side) counts nothing: 40 calls at once all answer; unset, the limit is back", async () => {
    process.env.RATE_LIMIT_TOKEN_OFF = "1";
    resetEnvCache();
    const off = await Promise.all(Array.from({ length: 40 }, () => get("/auth/me", tokens.full)));
    expect(off.map((r) => r.status)).toEqual(Array(40).fill(200));
    process.env.RATE_LIMIT_TOKEN_OFF = "0";
    resetEnvCache();
    const on = await Promise.all(Array.from({ length: 40 }, () => get("/auth/me", tokens.full)));
    // 10 a second + 5 of burst: the calls made while it was off were never counted.
    expect(on.filter((r) => r.status === 200)).toHaveLength(15);
  });

  it("past rate + burst: 429 RATE_LIMITED with Retry-After and RateLimit-* headers; the next window admits again", async () => {
    const first = await get("/auth/me", tokens.full);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("10");
    expect(first.headers.get("ratelimit-remaining")).toBe("9");
    expect(first.headers.get("ratelimit-reset")).toBe("1");
    // 20 at once: 9 more in the second, 5 from the burst allowance, then refusals.
    const burst = await Promise.all(Array.from({ length: 20 }, () => get("/auth/me", tokens.full)));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(14);
    const refused = burst.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(6);
    for (const res of refused) {
      expectError(res, 429, "RATE_LIMITED", { retryAfterSeconds: 1 });
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("ratelimit-limit")).toBe("10");
      expect(res.headers.get("ratelimit-remaining")).toBe("0");
      expect(res.headers.get("ratelimit-reset")).toBe("1");
    }
    // Another token of the same account is not touched by this one's burst.
    expect((await get("/auth/me", tokens.noPaymentsWrite)).status).toBe(200);

    // A second later the steady rate is back, but the burst allowance is spent for its 10 s.
    at += 1_000;
    const next = await Promise.all(Array.from({ length: 11 }, () => get("/auth/me", tokens.full)));
    expect(next.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), 429]);
    at += 10_000;
    const later = await Promise.all(Array.from({ length: 15 }, () => get("/auth/me", tokens.full)));
    expect(later.every((r) => r.status === 200)).toBe(true);
  });

  it("counts calls that fail a later gate (403) too, and answers 401 before counting an unknown token", async () => {
    const calls = await Promise.all(Array.from({ length: 16 }, () => get("/credits", tokens.unclaimed)));
    expect(calls.filter((r) => r.status === 403)).toHaveLength(15);
    expectError(
      calls.find((r) => r.status === 429)!,
      429,
      "RATE_LIMITED",
      { retryAfterSeconds: 1 },
    );
    const unknown = await get("/auth/me", "ot_pat_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    expectError(unknown, 401, "UNAUTHORIZED", {});
    expect(unknown.headers.get("ratelimit-limit")).toBeNull();
  });
});

describe("one token's burst and another token", () => {
  it("at the default limits, 400 calls at once from one token are refused past its allowance; another token's calls all pass, not slowed", async () => {
    delete process.env.RATE_LIMIT_TOKEN_PER_SECOND;
    delete process.env.RATE_LIMIT_TOKEN_BURST;
    resetEnvCache();
    const timed = async (token: string) => {
      const t0 = performance.now();
      const res = await get("/auth/me", token);
      return { status: res.status, ms: performance.now() - t0 };
    };
    const quiet: number[] = [];
    for (let i = 0; i < 10; i++) quiet.push((await timed(tokens.noPaymentsWrite)).ms);
    const burst = Array.from({ length: 400 }, () => timed(tokens.full));
    const during = [];
    for (let i = 0; i < 10; i++) during.push(await timed(tokens.noPaymentsWrite));
    const burstResults = await Promise.all(burst);
    // 100 a second plus the burst allowance of 100; everything past it is refused from memory.
    expect(burstResults.filter((r) => r.status === 200)).toHaveLength(200);
    expect(burstResults.filter((r) => r.status === 429)).toHaveLength(200);
    expect(during.map((r) => r.status)).toEqual(Array(10).fill(200));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const quietMs = median(quiet);
    const duringMs = median(during.map((r) => r.ms));
    console.log(
      `other token's GET /auth/me: median ${quietMs.toFixed(1)} ms quiet, ${duringMs.toFixed(1)} ms during the burst (in-process, one event loop)`,
    );
    // Not slowed by the limiter: the other token shares this event loop with the 400 calls, so some slowing is the
    // loop's, not the limiter's; a limiter that made it wait its turn behind them (a lock, a shared queue) would
    // cost it hundreds of milliseconds. The margin is wide for a loaded CI machine.
    expect(duringMs).toBeLessThan(10 * quietMs + 50);
  });
});

describe("tokenless endpoints: per client address", () => {
  it("120 a minute per address, then 429 RATE_LIMITED with Retry-After; another address is not affected", async () => {
    delete process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
    resetEnvCache();
    // In-process there is no socket: the header instrumentation.ts would write stands for it.
    const from = (address: string) =>
      api("GET", "/no-such-endpoint", { headers: { "x-cosign-peer-address": address } });
    const calls = await Promise.all(Array.from({ length: 125 }, () => from("203.0.113.7")));
    expect(calls.filter((r) => r.status === 404)).toHaveLength(120);
    const refused = calls.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    for (const res of refused) {
      expectError(res, 429, "RATE_LIMITED", { retryAfterSeconds: 60 });
      expect(res.headers.get("retry-after")).toBe("60");
      expect(res.headers.get("ratelimit-limit")).toBe("120");
    }
    expect(calls[0].headers.get("ratelimit-limit")).toBe("120");
    expect((await from("198.51.100.9")).status).toBe(404);
    at += 60_000;
    expect((await from("203.0.113.7")).status).toBe(404);
  });

  it("the /.well-known metadata counts against the same 120 a minute per address (contract §6)", async () => {
    delete process.env.RATE_LIMIT_PUBLIC_PER_MINUTE;
    resetEnvCache();
    const address = "203.0.113.77";
    const headers = { "x-cosign-peer-address": address };
    const metadata = () =>
      Promise.all([
        wellKnownGet("/.well-known/oauth-authorization-server", headers),
        wellKnownGet("/.well-known/oauth-protected-resource", headers),
      ]);
    const answers = (await Promise.all(Array.from({ length: 50 }, metadata))).flat();
    expect(answers.filter((r) => r.status === 200)).toHaveLength(100);
    expect(answers[0].headers.get("ratelimit-limit")).toBe("120");
    const rest = await Promise.all(Array.from({ length: 25 }, () => api("GET", "/no-such-endpoint", { headers })));
    expect(rest.filter((r) => r.status === 404)).toHaveLength(20);
    const [refused] = await metadata();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 60 } });
    expect(refused.headers.get("retry-after")).toBe("60");
  });
});

describe("on PostgreSQL the database is the shared count", () => {
  it.skipIf(process.env.TEST_DB !== "postgres")(
    "one statement adds points: a new key opens its window, a live one adds up (also 50 at once), an ended one starts again",
    async () => {
      const key = `points_${at}`;
      const t0 = new Date(at);
      const end = new Date(at + 1000);
      expect(await addRateLimitPoints({ key, points: 3, expire: end, at: t0 })).toEqual({
        key,
        points: 3,
        expire: end,
      });
      // Live: the window's end stays, the points add up — 50 reports at once lose none.
      await Promise.all(
        Array.from({ length: 50 }, () => addRateLimitPoints({ key, points: 2, expire: new Date(at + 5000), at: t0 })),
      );
      const live = await addRateLimitPoints({ key, points: 0, expire: new Date(at + 5000), at: t0 });
      expect(live).toEqual({ key, points: 103, expire: end });
      // Ended (its end is not after `at`): a new window from these points.
      const later = new Date(at + 1000);
      const next = new Date(at + 2000);
      expect(await addRateLimitPoints({ key, points: 1, expire: next, at: later })).toEqual({
        key,
        points: 1,
        expire: next,
      });
      // A window that never ends (null) only adds up.
      const forever = `${key}_forever`;
      await addRateLimitPoints({ key: forever, points: 1, expire: null, at: t0 });
      expect(
        await addRateLimitPoints({ key: forever, points: 1, expire: next, at: new Date(at + 10_000_000) }),
      ).toEqual({ key: forever, points: 2, expire: null });
    },
  );

  it.skipIf(process.env.TEST_DB !== "postgres")(
    "two processes' limiters together admit at most rate + batch slack, where alone each would admit the rate",
    async () => {
      expect(isPostgres()).toBe(true);
      const config = { prefix: `t${at}`, perWindow: 20, windowSeconds: 1, burst: 0, shared: true };
      // Two limiters over one database stand for two server processes: each keeps its own memory.
      const processes = [new KeyLimiter(config), new KeyLimiter(config)];
      const verdicts = [];
      for (let i = 0; i < 30; i++) {
        verdicts.push(...(await Promise.all(processes.map((limiter) => limiter.consume("tok_shared")))));
        // Reports to the shared count go in the background; real calls take long enough for them to land.
        await Promise.all(processes.map((limiter) => limiter.settled()));
      }
      const admitted = verdicts.filter((v) => v.isAllowed).length;
      // Alone, each would admit 20 (40 in all): the shared count stops them together.
      expect(admitted).toBeGreaterThanOrEqual(20);
      expect(admitted).toBeLessThanOrEqual(20 + 2 * (SHARED_BATCH - 1));
    },
  );
});
