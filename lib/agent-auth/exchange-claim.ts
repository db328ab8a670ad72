import "server-only";
import type { z } from "zod";
import { CLAIM_GRANT_TYPE, POLL_INTERVAL_SECONDS, POST_CLAIM_SCOPES } from "@/lib/agent-auth/claim-terms";
import { findRegistrationByClaimToken } from "@/lib/agent-auth/find-registration";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import type { exchangeClaimInput } from "@/lib/agent-auth/schemas";
import { createApiToken } from "@/lib/auth/api-tokens";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

type Registration = NonNullable<Awaited<ReturnType<typeof findRegistrationByClaimToken>>>;

const alreadyDelivered = () =>
  new OAuthError("invalid_grant", "This claim's token was already issued; the claim token is spent.");

/**
 * POST /api/agent/oauth/token with the claim grant (RFC 8628-style polling). While no human has claimed the account:
 * authorization_pending, or slow_down for a poll sooner than `interval` after the last answered one. Once claimed:
 * the post-claim token, exactly once — a conditional write decides which poll gets it when several race — and in
 * the same transaction every pre-claim token is revoked.
 */
export async function exchangeClaim(input: z.infer<typeof exchangeClaimInput>) {
  if (!input.grant_type) throw new OAuthError("invalid_request", "grant_type is required.");
  if (input.grant_type !== CLAIM_GRANT_TYPE)
    throw new OAuthError("unsupported_grant_type", `Only grant_type ${CLAIM_GRANT_TYPE} is supported here.`);
  if (!input.claim_token) throw new OAuthError("invalid_request", "claim_token is required.");
  const registration = await findRegistrationByClaimToken(input.claim_token);
  if (!registration) throw new OAuthError("invalid_grant", "Unknown claim_token.");
  const at = now();
  if (registration.status === "DELIVERED") throw alreadyDelivered();
  if (registration.claimExpiresAt <= at)
    throw new OAuthError("expired_token", "The claim token has expired: register again.");
  if (registration.status === "CLAIMED") return deliver(registration);

  if (registration.attemptExpiresAt && registration.attemptExpiresAt <= at)
    throw new OAuthError("expired_token", "The code expired before a human used it: start the claim again.");
  const client = await db();
  // Recording the poll is itself the interval check, so two polls at once cannot both pass it.
  const { count } = await client.agentRegistration.updateMany({
    where: {
      id: registration.id,
      status: "PENDING",
      OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: new Date(at.getTime() - POLL_INTERVAL_SECONDS * 1000) } }],
    },
    data: { lastPolledAt: at },
  });
  if (count === 0) {
    const current = await client.agentRegistration.findUniqueOrThrow({ where: { id: registration.id } });
    if (current.status === "CLAIMED") return deliver(current);
    if (current.status === "DELIVERED") throw alreadyDelivered();
    throw new OAuthError("slow_down", `Poll at most once every ${POLL_INTERVAL_SECONDS} seconds.`);
  }
  throw new OAuthError("authorization_pending", "No human has claimed this account yet.");
}

async function deliver(registration: Registration) {
  const client = await db();
  const at = now();
  const token = await client.$transaction(async (tx) => {
    const { count } = await tx.agentRegistration.updateMany({
      where: { id: registration.id, status: "CLAIMED" },
      data: { status: "DELIVERED", deliveredAt: at },
    });
    // Another poll took it first: this one gets nothing, and the loser's transaction mints nothing.
    if (count === 0) return null;
    // Pre-claim tokens: every token made while no human owned the account (only its agent could make one then),
    // and every token minted since from one of them (its line's root is one): a pre-claim token that minted between
    // the human's claim and this poll must not leave a copy behind. Tokens a human minted since stay.
    const claimedAt = registration.claimedAt ?? at;
    const preClaim = await tx.apiToken.findMany({
      where: { accountId: registration.accountId, createdAt: { lte: claimedAt } },
      select: { id: true },
    });
    const preClaimIds = preClaim.map((token) => token.id);
    await tx.apiToken.updateMany({
      where: {
        accountId: registration.accountId,
        revokedAt: null,
        OR: [{ id: { in: preClaimIds } }, { mintedByTokenId: { in: preClaimIds } }],
      },
      data: { revokedAt: at },
    });
    return createApiToken(tx, {
      accountId: registration.accountId,
      label: "Post-claim agent token",
      scopes: POST_CLAIM_SCOPES,
    });
  });
  if (!token) throw alreadyDelivered();
  return { access_token: token.token, token_type: "bearer", scopes: POST_CLAIM_SCOPES };
}
