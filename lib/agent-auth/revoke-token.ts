import "server-only";
import { hashTokenSecret } from "@/lib/auth/api-tokens";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

const TOKEN_PATTERN = /^ot_pat_([A-Za-z0-9]{16})_([A-Za-z0-9]{32})$/;

/**
 * POST /api/agent/oauth/revoke (RFC 7009): whoever holds an ot_pat_ token may revoke it. The answer is the same
 * whether the token was valid, unknown or already revoked (§2.2), so it tells the caller nothing.
 */
export async function revokeToken(input: { token?: unknown }) {
  if (typeof input.token !== "string" || input.token === "")
    throw new OAuthError("invalid_request", "token is required.");
  const match = TOKEN_PATTERN.exec(input.token);
  if (!match) return {};
  const client = await db();
  // The secret's hash is part of the condition: knowing a token's public id alone revokes nothing.
  await client.apiToken.updateMany({
    where: { publicId: match[1], secretHash: hashTokenSecret(match[2]), revokedAt: null },
    data: { revokedAt: now() },
  });
  return {};
}
