import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-throttle";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { signInHuman } from "@/lib/humans/sign-in-human";

// The throttle through the service the sign-in form and next-auth's route both use, on the real database, with the
// clock moved instead of waiting. (test/servers/sign-in-throttle.test.ts does the same over real HTTP.)
const { humans } = inject("fixtures");
const [acme, globex] = humans;
const UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";

let t = Date.parse("2031-01-01T00:00:00Z");
const advance = (ms: number) => {
  t += ms;
};
beforeEach(async () => {
  // Each test starts two days after the last one, past every block and strike window: the server process remembers
  // blocks it has seen until they end (lib/auth/sign-in-throttle.ts), whatever the table holds. And with no rows.
  advance(2 * 24 * 60 * 60 * 1000);
  setClock(() => new Date(t));
  await (await db()).rateLimit.deleteMany({});
});
afterEach(() => resetClock());

const attempt = (email: string, password: string, address = "198.51.100.1") =>
  signInHuman({ email, password, address, userAgent: UA });
const outcome = async (email: string, password: string, address?: string) =>
  (await attempt(email, password, address)).outcome;

describe("per account", () => {
  it("five wrong passwords, then the account is blocked for 1 minute even with the right one, from any address", async () => {
    for (let i = 0; i < 5; i++)
      expect(await outcome(acme.email, "wrong", `198.51.100.${i + 1}`)).toBe("wrong_credentials");
    expect(await attempt(acme.email, acme.password, "203.0.113.50")).toEqual({
      outcome: "throttled",
      retryAfterMs: 60_000,
    });
    advance(30_000);
    expect(await attempt(acme.email.toUpperCase(), acme.password)).toEqual({
      outcome: "throttled",
      retryAfterMs: 30_000,
    });
    // Other accounts are not held up, from the very same address.
    expect(await outcome(globex.email, globex.password)).toBe("signed_in");
    advance(30_000);
    expect(await outcome(acme.email, acme.password)).toBe("signed_in");
  });

  it("backoff: each block within a day lasts twice as long as the one before, up to an hour", async () => {
    const blocks: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < SIGN_IN_LIMITS.account.points; i++)
        expect(await outcome("nobody@example.test", "wrong", `192.0.2.${round * 10 + i}`)).toBe("wrong_credentials");
      const blocked = await attempt("nobody@example.test", "wrong", "192.0.2.200");
      if (blocked.outcome !== "throttled") throw new Error(`round ${round}: not throttled`);
      blocks.push(blocked.retryAfterMs / 1000);
      advance(blocked.retryAfterMs);
    }
    expect(blocks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });

  it("a success forgives the failures before it", async () => {
    for (let i = 0; i < 4; i++) expect(await outcome(acme.email, "wrong")).toBe("wrong_credentials");
    expect(await outcome(acme.email, acme.password)).toBe("signed_in");
    for (let i = 0; i < 5; i++) expect(await outcome(acme.email, "wrong")).toBe("wrong_credentials");
    expect(await outcome(acme.email, "wrong")).toBe("throttled");
  });

  it("the count is taken before the hash and atomically: of 30 concurrent wrong guesses, exactly 5 are checked", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome(globex.email, "wrong", `198.51.100.${i + 1}`)),
    );
    expect(results.filter((r) => r === "wrong_credentials")).toHaveLength(5);
    expect(results.filter((r) => r === "throttled")).toHaveLength(25);
  });
});

describe("per client address", () => {
  it("20 failed attempts at any accounts, then that address waits 15 minutes; other addresses are not affected", async () => {
    for (let i = 0; i < 20; i++)
      expect(await outcome(`guess${i}@example.test`, "wrong", "203.0.113.7")).toBe("wrong_credentials");
    expect(await attempt(acme.email, acme.password, "203.0.113.7")).toEqual({
      outcome: "throttled",
      retryAfterMs: 15 * 60_000,
    });
    expect(await outcome(acme.email, acme.password, "203.0.113.8")).toBe("signed_in");
    advance(15 * 60_000);
    expect(await outcome(acme.email, acme.password, "203.0.113.7")).toBe("signed_in");
  });

  it("an IPv6 /64 is one client: rotating the low 64 bits buys nothing", async () => {
    for (let i = 0; i < 20; i++)
      expect(await outcome(`v6-${i}@example.test`, "wrong", `2001:0:db8:1:${i.toString(16)}:0:0:1`)).toBe(
        "wrong_credentials",
      );
    expect(await outcome("v6-new@example.test", "wrong", "2001:0:db8:1:ffff:ffff:ffff:ffff")).toBe("throttled");
    expect(await outcome("v6-new@example.test", "wrong", "2001:0:db8:2::1")).toBe("wrong_credentials");
  });

  it("a successful sign-in gives its point back, so a household's own sign-ins never add up to a block", async () => {
    for (let i = 0; i < 21; i++) expect(await outcome(acme.email, acme.password, "203.0.113.9")).toBe("signed_in");
    for (let i = 0; i < 20; i++)
      expect(await outcome(`typo${i}@example.test`, "wrong", "203.0.113.9")).toBe("wrong_credentials");
    expect(await outcome(acme.email, acme.password, "203.0.113.9")).toBe("throttled");
  });

  it("no email is stored as text: keys are fixed-length hashes", async () => {
    await outcome("x".repeat(150) + "@example.test", "wrong");
    const keys = (await (await db()).rateLimit.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.sort()).toEqual([
      expect.stringMatching(/^signin_account:[\w-]{32}$/),
      expect.stringMatching(/^signin_address:[\w-]{32}$/),
    ]);
  });
});
