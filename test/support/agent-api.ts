// An in-process client for the /api/agent endpoints (OAuth wire shape): real Requests to the real route modules,
// each answer held against the OpenAPI document (test/support/openapi-responses.ts).
import * as authorizationServerRoute from "@/app/.well-known/oauth-authorization-server/route";
import * as protectedResourceRoute from "@/app/.well-known/oauth-protected-resource/route";
import * as identityRoute from "@/app/api/agent/identity/route";
import * as claimRoute from "@/app/api/agent/identity/claim/route";
import * as tokenRoute from "@/app/api/agent/oauth/token/route";
import * as revokeRoute from "@/app/api/agent/oauth/revoke/route";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { openApiDocument } from "@/lib/openapi/document";
import { assertDocumentedResponse } from "./openapi-responses";
import { ORIGIN } from "./api";

const ROUTES = {
  "/identity": identityRoute,
  "/identity/claim": claimRoute,
  "/oauth/token": tokenRoute,
  "/oauth/revoke": revokeRoute,
} as const;

export type AgentResponse = { status: number; body: any; headers: Headers };

let nextAddress = 1;
/** A fresh client address per call unless one is given, so the per-address limits only meet the tests about them. */
export const freshAddress = () => `203.0.113.${(nextAddress++ % 250) + 1}`;

export async function agentPost(
  path: keyof typeof ROUTES,
  options: { json?: unknown; form?: Record<string, string>; address?: string; host?: string } = {},
): Promise<AgentResponse> {
  const headers = new Headers({ [PEER_ADDRESS_HEADER]: options.address ?? freshAddress() });
  if (options.host) headers.set("host", options.host);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("content-type", "application/json");
  } else if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  const response = await ROUTES[path].POST(
    new Request(`${ORIGIN}/api/agent${path}`, { method: "POST", headers, body }),
  );
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  assertDocumentedResponse(openApiDocument().document, {
    method: "POST",
    pathname: `/api/agent${path}`,
    status: response.status,
    body: parsed,
  });
  return { status: response.status, body: parsed, headers: response.headers };
}

export const pollToken = (claimToken: string, address?: string) =>
  agentPost("/oauth/token", {
    form: { grant_type: "urn:opentrain:agent-auth:grant-type:claim", claim_token: claimToken },
    address,
  });

const WELL_KNOWN = {
  "/.well-known/oauth-authorization-server": authorizationServerRoute,
  "/.well-known/oauth-protected-resource": protectedResourceRoute,
} as const;

/** A GET of the discovery metadata through its real route, held against the OpenAPI document like agentPost. */
export async function wellKnownGet(
  path: keyof typeof WELL_KNOWN,
  headers: Record<string, string> = {},
): Promise<AgentResponse> {
  const response = await WELL_KNOWN[path].GET(new Request(`${ORIGIN}${path}`, { headers }));
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  assertDocumentedResponse(openApiDocument().document, {
    method: "GET",
    pathname: path,
    status: response.status,
    body: parsed,
  });
  return { status: response.status, body: parsed, headers: response.headers };
}
