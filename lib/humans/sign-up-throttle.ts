import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { throttleBucket } from "@/lib/auth/client-address";
import { RateLimiterDb } from "@/lib/auth/rate-limit-store";

/**
 * Sign-ups per client address (an IPv6 /64 is one client): every sign-up costs a password hash and creates a human,
 * and the claim ceremony sends every new human through this door. Counted before the hash, in the same database
 * store as sign-in throttling, so the limit holds across processes. Ten an hour is far above what one household or
 * office signs up, and far below what a script would.
 */
export const SIGN_UPS_PER_ADDRESS = { points: 10, duration: 60 * 60 } as const;
const limiter = new RateLimiterDb({ keyPrefix: "signup_address", ...SIGN_UPS_PER_ADDRESS });

const subjectKey = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

/** Counts one sign-up from `address`: 0 when it may go ahead, else the milliseconds until one may. */
export async function takeSignUp(address: string): Promise<number> {
  try {
    await limiter.consume(subjectKey(throttleBucket(address)));
    return 0;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(rejection.msBeforeNext, 1);
  }
}
