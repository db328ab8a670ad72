// An in-process HTTP client for the agent API: builds real Requests, routes them to the real route modules the
// way Next's App Router would, and returns status, headers and parsed body — after holding it against the OpenAPI
// document (test/support/openapi-responses.ts): an undocumented status or a drifted field fails the test. A wrong
// method reaches the route's own 405 (otherMethods), checked the same way.
import * as approvalRoute from "@/app/api/public/v1/approvals/[approvalId]/route";
import * as approvalCancelRoute from "@/app/api/public/v1/approvals/[approvalId]/cancel/route";
import * as approvalsRoute from "@/app/api/public/v1/approvals/route";
import * as contractEndRoute from "@/app/api/public/v1/contracts/[contractId]/end/route";
import * as jobRoute from "@/app/api/public/v1/jobs/[jobId]/route";
import * as jobProposalsRoute from "@/app/api/public/v1/jobs/[jobId]/proposals/route";
import * as jobsRoute from "@/app/api/public/v1/jobs/route";
import * as proposalRoute from "@/app/api/public/v1/proposals/[proposalId]/route";
import * as proposalHireRoute from "@/app/api/public/v1/proposals/[proposalId]/hire/route";
import * as catchAllRoute from "@/app/api/public/v1/[...path]/route";
import * as contractRoute from "@/app/api/public/v1/contracts/[contractId]/route";
import * as contractMilestonesRoute from "@/app/api/public/v1/contracts/[contractId]/milestones/route";
import * as creditLedgerRoute from "@/app/api/public/v1/credits/ledger/route";
import * as creditsRoute from "@/app/api/public/v1/credits/route";
import * as topUpRoute from "@/app/api/public/v1/credits/top-ups/[topUpId]/route";
import * as topUpsRoute from "@/app/api/public/v1/credits/top-ups/route";
import * as contractsRoute from "@/app/api/public/v1/contracts/route";
import * as meRoute from "@/app/api/public/v1/auth/me/route";
import * as approveRoute from "@/app/api/public/v1/milestones/[milestoneId]/approve/route";
import * as fundRoute from "@/app/api/public/v1/milestones/[milestoneId]/fund/route";
import * as updatesRoute from "@/app/api/public/v1/updates/route";
import * as tokensRoute from "@/app/api/public/v1/tokens/route";
import * as teamRoute from "@/app/api/public/v1/team/route";
import * as teamInvitesRoute from "@/app/api/public/v1/team/invites/route";
import * as tokenRoute from "@/app/api/public/v1/tokens/[tokenId]/route";
import * as webhookRoute from "@/app/api/public/v1/webhooks/[webhookId]/route";
import * as webhooksRoute from "@/app/api/public/v1/webhooks/route";
import * as openApiRoute from "@/app/api/public/v1/openapi.json/route";
import { openApiDocument } from "@/lib/openapi/document";
import { assertDocumentedResponse } from "./openapi-responses";

export const ORIGIN = "http://localhost:3000";
export const BASE = `${ORIGIN}/api/public/v1`;

type Handler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
// Not Partial: a route module that left a method out (Next's bodiless 405) does not compile here.
type RouteModule = Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", unknown>;

const ROUTES: { pattern: RegExp; names: string[]; module: RouteModule }[] = [
  { pattern: /^\/milestones\/([^/]+)\/approve$/, names: ["milestoneId"], module: approveRoute },
  { pattern: /^\/milestones\/([^/]+)\/fund$/, names: ["milestoneId"], module: fundRoute },
  { pattern: /^\/contracts\/([^/]+)\/milestones$/, names: ["contractId"], module: contractMilestonesRoute },
  { pattern: /^\/contracts\/([^/]+)\/end$/, names: ["contractId"], module: contractEndRoute },
  { pattern: /^\/contracts\/([^/]+)$/, names: ["contractId"], module: contractRoute },
  { pattern: /^\/contracts$/, names: [], module: contractsRoute },
  { pattern: /^\/approvals\/([^/]+)$/, names: ["approvalId"], module: approvalRoute },
  { pattern: /^\/approvals\/([^/]+)\/cancel$/, names: ["approvalId"], module: approvalCancelRoute },
  { pattern: /^\/approvals$/, names: [], module: approvalsRoute },
  { pattern: /^\/jobs$/, names: [], module: jobsRoute },
  { pattern: /^\/jobs\/([^/]+)$/, names: ["jobId"], module: jobRoute },
  { pattern: /^\/jobs\/([^/]+)\/proposals$/, names: ["jobId"], module: jobProposalsRoute },
  { pattern: /^\/proposals\/([^/]+)$/, names: ["proposalId"], module: proposalRoute },
  { pattern: /^\/proposals\/([^/]+)\/hire$/, names: ["proposalId"], module: proposalHireRoute },
  { pattern: /^\/credits$/, names: [], module: creditsRoute },
  { pattern: /^\/credits\/ledger$/, names: [], module: creditLedgerRoute },
  { pattern: /^\/credits\/top-ups$/, names: [], module: topUpsRoute },
  { pattern: /^\/credits\/top-ups\/([^/]+)$/, names: ["topUpId"], module: topUpRoute },
  { pattern: /^\/updates$/, names: [], module: updatesRoute },
  { pattern: /^\/auth\/me$/, names: [], module: meRoute },
  { pattern: /^\/tokens$/, names: [], module: tokensRoute },
  { pattern: /^\/team$/, names: [], module: teamRoute },
  { pattern: /^\/team\/invites$/, names: [], module: teamInvitesRoute },
  { pattern: /^\/tokens\/([^/]+)$/, names: ["tokenId"], module: tokenRoute },
  { pattern: /^\/webhooks$/, names: [], module: webhooksRoute },
  { pattern: /^\/webhooks\/([^/]+)$/, names: ["webhookId"], module: webhookRoute },
  { pattern: /^\/openapi\.json$/, names: [], module: openApiRoute },
];

export type ApiResponse = { status: number; body: any; headers: Headers };

export async function api(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  pathAndQuery: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** Aborts as Next's request.signal does when the client disconnects. */
    signal?: AbortSignal;
  } = {},
): Promise<ApiResponse> {
  const url = new URL(BASE + pathAndQuery);
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const request = new Request(url, { method, headers, body, signal: options.signal });

  const path = url.pathname.slice("/api/public/v1".length);
  let handler: Handler | undefined;
  let params: Record<string, unknown> = {};
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    handler = route.module[method] as Handler | undefined;
    // Every route module answers every method: the ones it serves, and otherMethods (lib/api/respond.ts) for the
    // rest, whose 405 is the app's own and is held against the document below like any answer. A module without the
    // export would get Next's own bodiless 405, which the document does not allow: say so rather than invent one.
    if (!handler)
      throw new Error(
        `${method} ${url.pathname}: its route module exports no ${method} handler (Next would answer a bodiless 405)`,
      );
    break;
  }
  if (!handler) {
    handler = (catchAllRoute as RouteModule)[method] as Handler;
    params = { path: path.split("/").filter(Boolean) };
  }
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  assertDocumentedResponse(openApiDocument().document, {
    method,
    pathname: url.pathname,
    status: response.status,
    body: parsed,
  });
  return { status: response.status, body: parsed, headers: response.headers };
}

export const post = (path: string, token?: string, body?: unknown) => api("POST", path, { token, body });
export const get = (path: string, token?: string) => api("GET", path, { token });
