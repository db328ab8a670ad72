import "server-only";
import { matchesHash, parseCeremonyToken } from "@/lib/agent-auth/ceremony-tokens";
import { db } from "@/lib/db";

/** The registration a claim token names, or null for anything unknown, malformed or with a wrong secret. */
export async function findRegistrationByClaimToken(claimToken: unknown) {
  const parts = parseCeremonyToken("clm", claimToken);
  if (!parts) return null;
  const client = await db();
  const row = await client.agentRegistration.findUnique({ where: { claimPublicId: parts.publicId } });
  return row && matchesHash(row.claimSecretHash, parts.secret) ? row : null;
}

/** The registration an attempt token (the link's ot_cat_…) names, or null. */
export async function findRegistrationByAttemptToken(attemptToken: unknown) {
  const parts = parseCeremonyToken("cat", attemptToken);
  if (!parts) return null;
  const client = await db();
  const row = await client.agentRegistration.findUnique({ where: { attemptPublicId: parts.publicId } });
  return row && matchesHash(row.attemptSecretHash, parts.secret) ? row : null;
}
