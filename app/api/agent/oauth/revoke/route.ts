import { revokeToken } from "@/lib/agent-auth/revoke-token";
import { otherOAuthMethods, withOAuth } from "@/lib/agent-auth/with-oauth";

// POST /api/agent/oauth/revoke — RFC 7009 token revocation; 200 {} for any well-formed request
export const POST = withOAuth({ limit: "revoke", body: "form" }, async ({ fields }) => ({
  status: 200,
  body: await revokeToken(fields),
}));

export const { GET, PUT, PATCH, DELETE } = otherOAuthMethods("POST");
