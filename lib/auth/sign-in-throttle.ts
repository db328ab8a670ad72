import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { throttleBucket } from "@/lib/auth/client-address";
import { RateLimiterDb } from "@/lib/auth/rate-limit-store";
import { now } from "@/lib/clock";

/**
 * Sign-in throttling (docs/decisions/0009-sessions-and-throttling.md). Two limits, both counted BEFORE the password
 * hash is computed, so no flood gets more scrypt work out of the server than the limits allow:
 * - per account (the email as typed, known or not): consecutive failed attempts, reset by a success. Bounds guessing
 *   at one account from any number of addresses.
 * - per client address: failed attempts from one address (an IPv6 /64) to any accounts; a success gives its point
 *   back. Bounds one client spraying many accounts, and keeps its flood from costing anyone else their sign-in.
 * Crossing a limit blocks the key; each further block within a day lasts twice as long (backoff), up to a cap.
 */
export const SIGN_IN_LIMITS = {
  account: { points: 5, windowSeconds: 15 * 60, firstBlockSeconds: 60, maxBlockSeconds: 60 * 60 },
  address: { points: 20, windowSeconds: 15 * 60, firstBlockSeconds: 15 * 60, maxBlockSeconds: 24 * 60 * 60 },
} as const;
const STRIKES_WINDOW_SECONDS = 24 * 60 * 60;

type LimitName = keyof typeof SIGN_IN_LIMITS;

const limits = Object.fromEntries(
  (Object.keys(SIGN_IN_LIMITS) as LimitName[]).map((name) => {
    const { points, windowSeconds } = SIGN_IN_LIMITS[name];
    return [
      name,
      {
        ...SIGN_IN_LIMITS[name],
        attempts: new RateLimiterDb({ keyPrefix: `signin_${name}`, points, duration: windowSeconds }),
        // How many blocks this key earned in the last day: the backoff's exponent. Never rejects.
        strikes: new RateLimiterDb({
          keyPrefix: `signin_${name}_strikes`,
          points: Number.MAX_SAFE_INTEGER,
          duration: STRIKES_WINDOW_SECONDS,
        }),
      },
    ];
  }),
) as Record<LimitName, (typeof SIGN_IN_LIMITS)[LimitName] & { attempts: RateLimiterDb; strikes: RateLimiterDb }>;

/** Keys are hashes: attacker-chosen emails are stored at a fixed length, and no email sits in the table as text. */
const subjectKey = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

export type SignInAttempt = { accountKey: string; addressKey: string };
export type SignInReservation =
  { isAllowed: true; attempt: SignInAttempt } | { isAllowed: false; retryAfterMs: number };

/**
 * Counts one attempt against both limits, or says how long until one is allowed. The count is taken before the
 * hash and atomically in the database: of N concurrent attempts, at most the limit's points get through.
 * The address is counted first, so attempts a blocked client keeps sending never add to an account's count.
 */
export async function reserveSignInAttempt({
  email,
  address,
}: {
  email: string;
  address: string;
}): Promise<SignInReservation> {
  const attempt = {
    accountKey: subjectKey(email.trim().toLowerCase()),
    addressKey: subjectKey(throttleBucket(address)),
  };
  const addressWait = await take("address", attempt.addressKey);
  if (addressWait > 0) return { isAllowed: false, retryAfterMs: addressWait };
  const accountWait = await take("account", attempt.accountKey);
  if (accountWait > 0) return { isAllowed: false, retryAfterMs: accountWait };
  return { isAllowed: true, attempt };
}

/** The password was right: the account's failures are forgiven, and the address gets its point back. */
export async function recordSignInSuccess({ accountKey, addressKey }: SignInAttempt) {
  await Promise.all([
    limits.account.attempts.delete(accountKey),
    limits.account.strikes.delete(accountKey),
    limits.address.attempts.reward(addressKey),
  ]);
}

/**
 * Keys this process has seen blocked, and until when (on lib/clock's time). A flood's attempts at a blocked key are
 * then refused without a database write: on SQLite every write is a durable commit on the one writer, and a flood
 * of them queued everyone else's sign-in behind it (2.5 s measured, test/servers/sign-in-throttle.test.ts). Only a
 * shortcut for refusing: the database stays the authority, and nothing but a block's end lifts one.
 */
const knownBlocks = new Map<string, number>();
const KNOWN_BLOCKS_MAX = 10_000;

function rememberBlock(cacheKey: string, msBeforeNext: number) {
  if (knownBlocks.size >= KNOWN_BLOCKS_MAX) knownBlocks.clear();
  knownBlocks.set(cacheKey, now().getTime() + msBeforeNext);
}

/** 0 when the attempt may go ahead; otherwise the milliseconds until the key's block ends. */
async function take(name: LimitName, key: string): Promise<number> {
  const limit = limits[name];
  const cacheKey = `${name}:${key}`;
  const blockedFor = (knownBlocks.get(cacheKey) ?? 0) - now().getTime();
  if (blockedFor > 0) return blockedFor;
  knownBlocks.delete(cacheKey);
  try {
    await limit.attempts.consume(key);
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // Only the attempt that crossed the limit starts a block; the ones after it read how long the block has left.
    if (rejection.consumedPoints !== limit.points + 1) {
      const msBeforeNext = Math.max(rejection.msBeforeNext, 1);
      rememberBlock(cacheKey, msBeforeNext);
      return msBeforeNext;
    }
    const strikes = (await limit.strikes.penalty(key)).consumedPoints;
    const seconds = Math.min(limit.firstBlockSeconds * 2 ** (strikes - 1), limit.maxBlockSeconds);
    await limit.attempts.block(key, seconds);
    rememberBlock(cacheKey, seconds * 1000);
    return seconds * 1000;
  }
}

const hashLines = new Map<string, Promise<unknown>>();

/**
 * Runs one client's sign-in attempts one at a time (per address bucket, in this process). The limits decide how many
 * hashes a client gets; this decides how fast: a burst of its 20 allowed guesses would otherwise take every thread
 * of libuv's pool (4) at once and queue everyone else's sign-in behind them, and every attempt of a burst would write
 * its count before the first block is known. Others never wait in this line.
 */
export async function inClientLine<T>(address: string, work: () => Promise<T>): Promise<T> {
  const bucket = throttleBucket(address);
  const previous = hashLines.get(bucket) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  hashLines.set(bucket, tail);
  try {
    return await run;
  } finally {
    if (hashLines.get(bucket) === tail) hashLines.delete(bucket);
  }
}
