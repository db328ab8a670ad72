import { TOKENS_MANAGE, TOKENS_MINT } from "@/lib/api/gates";
import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";
import { createTokenBody } from "@/lib/tokens/schemas";

// GET /api/public/v1/tokens — the account's tokens (never a secret), any valid token, pre-claim too
export const GET = withAgent(TOKENS_MANAGE, async ({ principal }) => ({
  status: 200,
  body: { tokens: await listTokens({ accountId: principal.accountId }) },
}));

// POST /api/public/v1/tokens — mint a token with at most the caller's scopes; the whole token is shown once
export const POST = withAgent(TOKENS_MINT, async ({ principal, request }) => {
  const body = await parseJsonBody(request, createTokenBody);
  const created = await createToken({
    accountId: principal.accountId,
    grantedScopes: principal.scopes,
    name: body.name,
    scopes: body.scopes,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    callerTokenId: principal.tokenId,
  });
  return { status: 201, body: created };
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
