import { TOKENS_MANAGE } from "@/lib/api/gates";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { tokenIdParams } from "@/lib/tokens/schemas";

// DELETE /api/public/v1/tokens/{tokenId} — revoke a token of the account, immediately and for good
export const DELETE = withAgent({ ...TOKENS_MANAGE, params: tokenIdParams }, async ({ principal, params }) => ({
  status: 200,
  body: {
    token: await revokeToken({
      accountId: principal.accountId,
      tokenId: params.tokenId,
      grantedScopes: principal.scopes,
      callerTokenId: principal.tokenId,
    }),
  },
}));

export const { GET, POST, PUT, PATCH } = otherMethods("DELETE");
