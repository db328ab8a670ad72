import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { hasScope, parseScopes, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { presentToken } from "@/lib/tokens/present-token";

type RevokeTokenOptions = {
  accountId: string;
  tokenId: string;
  /** The caller's scopes: it may revoke itself, or a token it could have minted (no scope beyond its own). */
  grantedScopes: readonly Scope[];
  callerTokenId?: string;
};

/**
 * Revokes a token of the account, immediately and for good: every request reads the token's row, so its very next
 * call is a 401. Revoking a revoked token answers it as it is (revokedAt unchanged).
 */
export async function revokeToken(options: RevokeTokenOptions) {
  const client = await db();
  const target = await client.apiToken.findFirst({ where: { id: options.tokenId, accountId: options.accountId } });
  if (!target) throw notFound("tokens", "tokenId", options.tokenId);
  const targetScopes = parseScopes(target.scopes);
  // Security: a low-scope token (say, a leaked read-only one) must not switch off the account's payments token.
  if (target.id !== options.callerTokenId && !targetScopes.every((s) => hasScope(options.grantedScopes, s))) {
    throw new ApiError("FORBIDDEN", "You cannot revoke a token that holds scopes you do not hold.", {
      requiredScopes: targetScopes,
      grantedScopes: options.grantedScopes,
    });
  }
  const at = now();
  // Conditional write: of two concurrent revocations one sets revokedAt; the other re-reads the real moment.
  await client.apiToken.updateMany({ where: { id: target.id, revokedAt: null }, data: { revokedAt: at } });
  const row = await client.apiToken.findUniqueOrThrow({ where: { id: target.id } });
  return presentToken(row, at);
}
