import { OAuthError } from "@/lib/agent-auth/oauth-error";
import { registerAgent } from "@/lib/agent-auth/register-agent";
import { registerAgentInput } from "@/lib/agent-auth/schemas";
import { otherOAuthMethods, withOAuth } from "@/lib/agent-auth/with-oauth";

// POST /api/agent/identity — an agent registers itself: an unclaimed account, a pre-claim token, a claim token
export const POST = withOAuth({ limit: "identity", body: "json" }, async ({ fields, baseUrl }) => {
  const input = registerAgentInput.safeParse(fields);
  if (!input.success) throw new OAuthError("invalid_request", "agent_name and organization_name are 1–120 characters.");
  return { status: 201, body: await registerAgent(input.data, baseUrl) };
});

export const { GET, PUT, PATCH, DELETE } = otherOAuthMethods("POST");
