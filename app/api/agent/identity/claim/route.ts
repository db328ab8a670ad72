import { OAuthError } from "@/lib/agent-auth/oauth-error";
import { startClaimInput } from "@/lib/agent-auth/schemas";
import { startClaim } from "@/lib/agent-auth/start-claim";
import { otherOAuthMethods, withOAuth } from "@/lib/agent-auth/with-oauth";

// POST /api/agent/identity/claim — start (or restart) the claim: a 6-digit code, the link, an email to the human
export const POST = withOAuth({ limit: "claim", body: "json" }, async ({ fields, baseUrl }) => {
  const input = startClaimInput.safeParse(fields);
  if (!input.success) throw new OAuthError("invalid_request", "Send claim_token and a valid email.");
  return { status: 200, body: await startClaim(input.data, baseUrl) };
});

export const { GET, PUT, PATCH, DELETE } = otherOAuthMethods("POST");
