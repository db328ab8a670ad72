import { exchangeClaim } from "@/lib/agent-auth/exchange-claim";
import { exchangeClaimInput } from "@/lib/agent-auth/schemas";
import { otherOAuthMethods, withOAuth } from "@/lib/agent-auth/with-oauth";

// POST /api/agent/oauth/token — the claim grant: pending until a human claims, then the post-claim token once
export const POST = withOAuth({ limit: "token", body: "form" }, async ({ fields }) => ({
  status: 200,
  body: await exchangeClaim(exchangeClaimInput.parse(fields)),
}));

export const { GET, PUT, PATCH, DELETE } = otherOAuthMethods("POST");
