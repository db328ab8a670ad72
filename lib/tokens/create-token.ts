import "server-only";
import { ApiError, badRequest, conflictsOf } from "@/lib/api/errors";
import { createApiToken, liveTokenWhere } from "@/lib/auth/api-tokens";
import { hasScope, isScope, SCOPES, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import { db, lockAccountForTokens } from "@/lib/db";
import { presentToken } from "@/lib/tokens/present-token";
import { DEFAULT_TOKEN_NAME, MAX_ACTIVE_TOKENS, TOKEN_CREATE_CONFLICT_REASONS } from "@/lib/tokens/schemas";

const conflict = conflictsOf(TOKEN_CREATE_CONFLICT_REASONS);

type CreateTokenOptions = {
  accountId: string;
  /** What the caller holds: an agent's token scopes, or every scope for an account's OWNER on the settings page. */
  grantedScopes: readonly Scope[];
  name?: string;
  /** Omitted: the caller's own scopes (contract: an empty body clones them). */
  scopes?: readonly string[];
  expiresAt?: Date | null;
  /** The agent's token that asks (POST /tokens); none when a human mints on the settings page. */
  callerTokenId?: string;
};

/**
 * Mints a token for the account, never with a scope the caller lacks (a `:write` the caller holds covers its
 * `:read`). The agent API and the settings page both mint through here. The whole token exists only in the result.
 */
export async function createToken(options: CreateTokenOptions) {
  const requested = options.scopes ?? options.grantedScopes;
  const unknownScopes = requested.filter((scope) => !isScope(scope));
  if (unknownScopes.length > 0) {
    throw badRequest("scopes", `Unknown scope: ${unknownScopes.join(", ")}.`, {
      unknownScopes,
      supportedScopes: SCOPES,
    });
  }
  const scopes = [...new Set(requested as readonly Scope[])];
  const escalated = scopes.filter((scope) => !hasScope(options.grantedScopes, scope));
  if (escalated.length > 0) {
    // Security: a token can only hand on what it holds, or any leaked low-scope token would become a full one.
    throw new ApiError("FORBIDDEN", `You cannot grant scopes you do not hold: ${escalated.join(", ")}.`, {
      requiredScopes: escalated,
      grantedScopes: options.grantedScopes,
    });
  }
  const at = now();
  if (options.expiresAt && options.expiresAt <= at) throw badRequest("expiresAt", "expiresAt must be in the future.");

  const client = await db();
  return client.$transaction(async (tx) => {
    // Concurrency: count and insert under the account's lock, so 25 is a limit and not an estimate under a race.
    await lockAccountForTokens(tx, options.accountId);
    const active = await tx.apiToken.count({
      where: { accountId: options.accountId, ...liveTokenWhere(at) },
    });
    if (active >= MAX_ACTIVE_TOKENS) {
      throw conflict("token_limit_reached", `An account may hold at most ${MAX_ACTIVE_TOKENS} active tokens.`, {
        limit: MAX_ACTIVE_TOKENS,
      });
    }
    // The new token's line goes back to the caller's root, so a pre-claim token's descendants, however many
    // hands down, are revoked with it at the claim's delivery (lib/agent-auth/exchange-claim.ts).
    const caller = options.callerTokenId
      ? await tx.apiToken.findUnique({ where: { id: options.callerTokenId }, select: { mintedByTokenId: true } })
      : null;
    const { id, token } = await createApiToken(tx, {
      accountId: options.accountId,
      label: options.name ?? DEFAULT_TOKEN_NAME,
      scopes,
      expiresAt: options.expiresAt ?? null,
      mintedByTokenId: options.callerTokenId ? (caller?.mintedByTokenId ?? options.callerTokenId) : null,
    });
    const row = await tx.apiToken.findUniqueOrThrow({ where: { id } });
    return { token: presentToken(row, at), accessToken: token };
  });
}
