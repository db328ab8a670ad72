import "server-only";
import type { z } from "zod";
import {
  CLAIM_GRANT_TYPE,
  CLAIM_TOKEN_LIFETIME_MS,
  NEW_ACCOUNT_FEATURES,
  PRE_CLAIM_SCOPES,
} from "@/lib/agent-auth/claim-terms";
import { mintCeremonyToken } from "@/lib/agent-auth/ceremony-tokens";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import type { registerAgentInput } from "@/lib/agent-auth/schemas";
import { createApiToken } from "@/lib/auth/api-tokens";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";

/** POST /api/agent/identity: a new unclaimed account, its pre-claim token and the claim token, in one transaction. */
export async function registerAgent(input: z.infer<typeof registerAgentInput>, baseUrl: string) {
  if (input.identity_type !== undefined && input.identity_type !== "anonymous")
    throw new OAuthError("unsupported_identity_type", 'Only identity_type "anonymous" is supported.');
  const at = now();
  const accountId = newId("org");
  const registrationId = newId("reg");
  const claim = mintCeremonyToken("clm");
  const claimExpiresAt = new Date(at.getTime() + CLAIM_TOKEN_LIFETIME_MS);
  const client = await db();
  const { token } = await client.$transaction(async (tx) => {
    await tx.account.create({
      data: { id: accountId, name: input.organization_name ?? "Unclaimed agent account", createdAt: at },
    });
    await tx.accountFeature.createMany({ data: NEW_ACCOUNT_FEATURES.map((key) => ({ accountId, key })) });
    await tx.agentRegistration.create({
      data: {
        id: registrationId,
        accountId,
        claimPublicId: claim.publicId,
        claimSecretHash: claim.secretHash,
        claimExpiresAt,
        status: "PENDING",
        createdAt: at,
      },
    });
    return createApiToken(tx, {
      accountId,
      label: input.agent_name ?? "Pre-claim agent token",
      scopes: PRE_CLAIM_SCOPES,
    });
  });
  return {
    identity_type: "anonymous",
    registration_id: registrationId,
    organization_id: accountId,
    access_token: token,
    token_type: "bearer",
    scopes: PRE_CLAIM_SCOPES,
    claim_token: claim.token,
    claim_token_expires_at: claimExpiresAt.toISOString(),
    claim_endpoint: `${baseUrl}/api/agent/identity/claim`,
    token_endpoint: `${baseUrl}/api/agent/oauth/token`,
    grant_type: CLAIM_GRANT_TYPE,
  };
}
