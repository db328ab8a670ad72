import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import { throttleBucket } from "@/lib/auth/client-address";
import { RateLimiterDb } from "@/lib/auth/rate-limit-store";

/**
 * Per-address limits on the tokenless agent endpoints (contract "Rate limits"), on the same database-backed store as
 * sign-in throttling, so they hold across server processes. Registration mints an account per call, so it is the
 * tight one: a burst of 100 from one address meets it. Token polling must never stop an honest client (one poll per
 * `interval`, 12 a minute; several agents behind one address), so it allows 120 a minute.
 */
export const AGENT_LIMITS = {
  identity: { points: 20, duration: 60 * 60 },
  claim: { points: 30, duration: 60 * 60 },
  token: { points: 120, duration: 60 },
  revoke: { points: 120, duration: 60 },
} as const;
export type AgentLimitName = keyof typeof AGENT_LIMITS;

/**
 * Claim emails per recipient address, whoever asks: the per-address limit above bounds one sender, this bounds what
 * many senders together can make us mail to one inbox (our sending domain's reputation, and the recipient's peace).
 */
export const CLAIM_EMAILS_PER_RECIPIENT = { points: 5, duration: 60 * 60 } as const;
const recipientLimiter = new RateLimiterDb({ keyPrefix: "agent_claim_email", ...CLAIM_EMAILS_PER_RECIPIENT });

const limiters = Object.fromEntries(
  Object.entries(AGENT_LIMITS).map(([name, limit]) => [
    name,
    new RateLimiterDb({ keyPrefix: `agent_${name}`, ...limit }),
  ]),
) as Record<AgentLimitName, RateLimiterDb>;

const subjectKey = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

/** Counts one request from `address`, or throws the OAuth 429 with Retry-After once the window's points are spent. */
export function assertWithinAgentLimit(name: AgentLimitName, address: string) {
  return consumeOrRefuse(limiters[name], throttleBucket(address), "Too many requests from this address");
}

/** Counts one claim email to `email` (already lower-cased), or throws the OAuth 429 with Retry-After. */
export function assertWithinClaimEmailLimit(email: string) {
  return consumeOrRefuse(recipientLimiter, email, "Too many claim emails to this address");
}

async function consumeOrRefuse(limiter: RateLimiterDb, subject: string, what: string) {
  try {
    await limiter.consume(subjectKey(subject));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(Math.ceil(rejection.msBeforeNext / 1000), 1);
    throw new OAuthError("rate_limit_exceeded", `${what}; retry in ${seconds} s.`, { "Retry-After": String(seconds) });
  }
}
