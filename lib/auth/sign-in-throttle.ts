import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { throttleBucket } from "@/lib/auth/client-address";
import { RateLimiterDb } from "@/lib/auth/rate-limit-store";

/**
 * Sign-in throttling (docs/decisions/0005-sessions-and-throttling.md). Two limits, both counted BEFORE the password
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
        strikes: new RateLimiterDb({ keyPrefix: `signin_${name}_strikes`, points: Number.MAX_SAFE_INTEGER, duration: STRIKES_WINDOW_SECONDS }),
      },
    ];
  }),
) as Record<LimitName, (typeof SIGN_IN_LIMITS)[LimitName] & { attempts: RateLimiterDb; strikes: RateLimiterDb }>;

/** Keys are hashes: attacker-chosen emails are stored at a fixed length, and no email sits in the table as text. */
const subjectKey = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

export type SignInAttempt = { accountKey: string; addressKey: string };
export type SignInReservation = { isAllowed: true; attempt: SignInAttempt } | { isAllowed: false; retryAfterMs: number };

/**
 * Counts one attempt against both limits, or says how long until one is allowed. The count is taken before the
 * hash and atomically in the database: of N concurrent attempts, at most the limit's points get through.
 * The address is counted first, so attempts a blocked client keeps sending never add to an account's count.
 */
export async function reserveSignInAttempt({ email, address }: { email: string; address: string }): Promise<SignInReservation> {
  const attempt = { accountKey: subjectKey(email.trim().toLowerCase()), addressKey: subjectKey(throttleBucket(address)) };
  const addressWait = await take("address", attempt.addressKey);
  if (addressWait > 0) return { isAllowed: false, retryAfterMs: addressWait };
  const accountWait = await take("account", attempt.accountKey);
  if (accountWait > 0) return { isAllowed: false, retryAfterMs: accountWait };
  return { isAllowed: true, attempt };
}

/** The password was right: the account's failures are forgiven, and the address gets its point back. */
export async function recordSignInSuccess({ accountKey, addressKey }: SignInAttempt) {
  await Promise.all([limits.account.attempts.delete(accountKey), limits.account.strikes.delete(accountKey), limits.address.attempts.reward(addressKey)]);
}

/** 0 when the attempt may go ahead; otherwise the milliseconds until the key's block ends. */
async function take(name: LimitName, key: string): Promise<number> {
  const limit = limits[name];
  try {
    await limit.attempts.consume(key);
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // Only the attempt that crossed the limit starts a block; the ones after it read how long the block has left.
    if (rejection.consumedPoints !== limit.points + 1) return Math.max(rejection.msBeforeNext, 1);
    const strikes = (await limit.strikes.penalty(key)).consumedPoints;
    const seconds = Math.min(limit.firstBlockSeconds * 2 ** (strikes - 1), limit.maxBlockSeconds);
    await limit.attempts.block(key, seconds);
    return seconds * 1000;
  }
}
