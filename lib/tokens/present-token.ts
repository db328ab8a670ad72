import type { ApiToken } from "@/lib/db";
import { parseScopes } from "@/lib/auth/scopes";
import type { TokenResource, TokenStatus } from "@/lib/tokens/schemas";

type TokenRow = Pick<
  ApiToken,
  "id" | "publicId" | "accountId" | "label" | "scopes" | "createdAt" | "lastUsedAt" | "expiresAt" | "revokedAt"
>;

export function tokenStatus(token: Pick<ApiToken, "expiresAt" | "revokedAt">, at: Date): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= at) return "expired";
  return "active";
}

/**
 * The wire shape of a token. The preview is built from the public id only (the first and last four characters):
 * the secret is never stored, and the public id alone opens nothing.
 */
export function presentToken(token: TokenRow, at: Date): TokenResource {
  return {
    id: token.id,
    name: token.label,
    preview: `ot_pat_${token.publicId.slice(0, 4)}********${token.publicId.slice(-4)}`,
    scopes: [...parseScopes(token.scopes)],
    status: tokenStatus(token, at),
    organizationId: token.accountId,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export type PresentedToken = ReturnType<typeof presentToken>;
