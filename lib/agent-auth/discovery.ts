import "server-only";
import { CLAIM_GRANT_TYPE, POLL_INTERVAL_SECONDS } from "@/lib/agent-auth/claim-terms";
import { SCOPES } from "@/lib/auth/scopes";

/** RFC 8414 authorization server metadata, with the agent_auth block naming the ceremony's endpoints (contract §3). */
export function authorizationServerMetadata(baseUrl: string) {
  const tokenEndpoint = `${baseUrl}/api/agent/oauth/token`;
  return {
    issuer: baseUrl,
    token_endpoint: tokenEndpoint,
    revocation_endpoint: `${baseUrl}/api/agent/oauth/revoke`,
    grant_types_supported: [CLAIM_GRANT_TYPE],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ["none"],
    revocation_endpoint_auth_methods_supported: ["none"],
    scopes_supported: SCOPES,
    agent_auth: {
      identity_endpoint: `${baseUrl}/api/agent/identity`,
      claim_endpoint: `${baseUrl}/api/agent/identity/claim`,
      token_endpoint: tokenEndpoint,
      grant_type: CLAIM_GRANT_TYPE,
      interval: POLL_INTERVAL_SECONDS,
    },
  };
}

/** RFC 9728 protected resource metadata for the public API. */
export function protectedResourceMetadata(baseUrl: string) {
  return {
    resource: `${baseUrl}/api/public/v1`,
    authorization_servers: [baseUrl],
    bearer_methods_supported: ["header"],
    scopes_supported: SCOPES,
  };
}
