import "server-only";
import * as approvalCancelRoute from "@/app/api/public/v1/approvals/[approvalId]/cancel/route";
import * as approvalRoute from "@/app/api/public/v1/approvals/[approvalId]/route";
import * as approvalsRoute from "@/app/api/public/v1/approvals/route";
import * as meRoute from "@/app/api/public/v1/auth/me/route";
import * as contractEndRoute from "@/app/api/public/v1/contracts/[contractId]/end/route";
import * as contractMilestonesRoute from "@/app/api/public/v1/contracts/[contractId]/milestones/route";
import * as contractRoute from "@/app/api/public/v1/contracts/[contractId]/route";
import * as contractsRoute from "@/app/api/public/v1/contracts/route";
import * as creditLedgerRoute from "@/app/api/public/v1/credits/ledger/route";
import * as creditsRoute from "@/app/api/public/v1/credits/route";
import * as topUpRoute from "@/app/api/public/v1/credits/top-ups/[topUpId]/route";
import * as topUpsRoute from "@/app/api/public/v1/credits/top-ups/route";
import * as jobProposalsRoute from "@/app/api/public/v1/jobs/[jobId]/proposals/route";
import * as jobRoute from "@/app/api/public/v1/jobs/[jobId]/route";
import * as jobsRoute from "@/app/api/public/v1/jobs/route";
import * as fundRoute from "@/app/api/public/v1/milestones/[milestoneId]/fund/route";
import * as approveRoute from "@/app/api/public/v1/milestones/[milestoneId]/approve/route";
import * as proposalHireRoute from "@/app/api/public/v1/proposals/[proposalId]/hire/route";
import * as proposalRoute from "@/app/api/public/v1/proposals/[proposalId]/route";
import * as teamInvitesRoute from "@/app/api/public/v1/team/invites/route";
import * as teamRoute from "@/app/api/public/v1/team/route";
import * as tokenRoute from "@/app/api/public/v1/tokens/[tokenId]/route";
import * as tokensRoute from "@/app/api/public/v1/tokens/route";
import * as updatesRoute from "@/app/api/public/v1/updates/route";
import * as webhookRoute from "@/app/api/public/v1/webhooks/[webhookId]/route";
import * as webhooksRoute from "@/app/api/public/v1/webhooks/route";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { API_BASE_PATH, encodeBody, readJson, type ApiCall, type ApiCaller } from "@/lib/mcp/api-call";
import type { ApiMethod, ApiToolPath } from "@/lib/mcp/tools";

// The API calls of /api/mcp, made in-process through the API's own route handlers: the same gates, limits, bodies
// and errors as over HTTP, without a loopback connection. Keyed by the tool table's path templates, so a tool
// whose endpoint is not routed here does not compile. The agent-identity tools (/api/agent) are offered over stdio
// only (docs/decisions/0018-mcp-server.md), so nothing here routes them.

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: Record<ApiToolPath, Partial<Record<ApiMethod, RouteHandler>>> = {
  "/auth/me": meRoute,
  "/jobs": jobsRoute,
  "/jobs/{jobId}": jobRoute,
  "/jobs/{jobId}/proposals": jobProposalsRoute,
  "/proposals/{proposalId}": proposalRoute,
  "/proposals/{proposalId}/hire": proposalHireRoute,
  "/contracts": contractsRoute,
  "/contracts/{contractId}": contractRoute,
  "/contracts/{contractId}/milestones": contractMilestonesRoute,
  "/contracts/{contractId}/end": contractEndRoute,
  "/milestones/{milestoneId}/fund": fundRoute,
  "/milestones/{milestoneId}/approve": approveRoute,
  "/approvals": approvalsRoute,
  "/approvals/{approvalId}": approvalRoute,
  "/approvals/{approvalId}/cancel": approvalCancelRoute,
  "/credits": creditsRoute,
  "/credits/ledger": creditLedgerRoute,
  "/credits/top-ups": topUpsRoute,
  "/credits/top-ups/{topUpId}": topUpRoute,
  "/updates": updatesRoute,
  "/tokens": tokensRoute,
  "/tokens/{tokenId}": tokenRoute,
  "/team": teamRoute,
  "/team/invites": teamInvitesRoute,
  "/webhooks": webhooksRoute,
  "/webhooks/{webhookId}": webhookRoute,
};

/**
 * What the API reads from the MCP request besides the call itself: the bearer token, the Host (approvalUrl is
 * built on it unless APP_URL is set) and the client's address headers (lib/auth/client-address.ts).
 */
const FORWARDED_HEADERS = ["authorization", "host", "x-forwarded-for", "x-forwarded-proto", PEER_ADDRESS_HEADER];

/** Answers one API call with the route handler's own Response. */
export type Dispatch = (call: ApiCall) => Promise<Response>;

export function inProcessDispatch(incoming: Request): Dispatch {
  const origin = new URL(incoming.url).origin;
  const forwarded = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.headers.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  return async (call) => {
    const handler = call.base === API_BASE_PATH ? ROUTES[call.template as ApiToolPath]?.[call.method] : undefined;
    if (!handler) throw new Error(`No ${call.method} handler for ${call.base}${call.template}`);
    const headers = new Headers(forwarded);
    const body = encodeBody(call);
    if (body) headers.set("content-type", body.contentType);
    const request = new Request(origin + API_BASE_PATH + call.pathAndQuery, {
      method: call.method,
      headers,
      body: body?.text,
      signal: incoming.signal,
    });
    return handler(request, { params: Promise.resolve(call.params) });
  };
}

export function callerOf(dispatch: Dispatch): ApiCaller {
  return async (call) => {
    const response = await dispatch(call);
    return { status: response.status, body: await readJson(response) };
  };
}
