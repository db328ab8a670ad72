import "server-only";
import type { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { assertGates, type Gates } from "@/lib/api/gates";
import { checkParams, type ParsedParams } from "@/lib/api/parse";
import { errorResponse, jsonResponse, requestIdFrom, unexpectedErrorResponse } from "@/lib/api/respond";
import { authenticateAgent, type TokenRead } from "@/lib/auth/api-tokens";
import { publicBaseUrl } from "@/lib/api/base-url";
import { consumeTokenCall, rateLimitedError, rateLimitHeaders } from "@/lib/api/rate-limits";
import { readToken } from "@/lib/db";

export type AgentContext<P, T> = {
  principal: import("@/lib/auth/api-tokens").AgentPrincipal;
  /** The path params, parsed by the gates' `params` shape. */
  params: P;
  /** What the gates' `preload` read; undefined when the route has none. */
  preloaded: T;
  request: Request;
  requestId: string;
  /** The public base URL that approvalUrl and claimUrl are built on. */
  baseUrl: string;
};

export type AgentResult = { status: number; body: unknown };

type RouteContext = { params?: Promise<unknown> };
type Checked<S extends z.ZodRawShape> = ReturnType<typeof checkParams<S>>;

/**
 * The one wrapper every agent route goes through: request id, the gates in the contract's order
 * (401 → per-token 429 → scope 403 → feature 403 → claim 403 → malformed path param 400), then the handler; ApiErrors become the
 * flat error body and anything else a 500 without internals. Handlers never try/catch.
 */
export function withAgent<S extends z.ZodRawShape = Record<string, never>, T = undefined>(
  gates: Gates<S, T>,
  handler: (ctx: AgentContext<ParsedParams<S>, T>) => Promise<AgentResult>,
) {
  const route = async function route(request: Request, context: RouteContext): Promise<Response> {
    const requestId = requestIdFrom(request);
    let limitHeaders: Record<string, string> = {};
    try {
      const baseUrl = publicBaseUrl(request);
      const params: Checked<S> = gates.params
        ? checkParams(gates.params, await context?.params)
        : { ok: true, data: {} as ParsedParams<S> };
      const { preload } = gates;
      // Without a preload (or with params too malformed to read by), the token is looked up alone; `preloaded` is
      // then undefined, which only a route without a preload ever sees: malformed params end in the 400 below.
      const read = (
        preload && params.ok ? (publicId: string) => preload(publicId, params.data) : readToken
      ) as TokenRead<T>;
      const { principal, value: preloaded } = await authenticateAgent(request.headers.get("authorization"), read);
      // Per token, before any gate: a token that only collects 403s is counted too. After authentication, so an
      // unknown token cannot spend a real one's allowance.
      const verdict = await consumeTokenCall(principal.tokenId);
      limitHeaders = rateLimitHeaders(verdict);
      if (!verdict.isAllowed) throw rateLimitedError(verdict);
      assertGates(principal, gates, baseUrl);
      if (!params.ok) throw params.error;
      const { status, body } = await handler({
        principal,
        params: params.data,
        preloaded,
        request,
        requestId,
        baseUrl,
      });
      return jsonResponse(body, status, requestId, limitHeaders);
    } catch (error) {
      if (error instanceof ApiError) {
        const headers: Record<string, string> =
          error.code === "UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="api"' } : { ...limitHeaders };
        // Every 429 says when to come back, in the header as in the body (a long poll's cap, too).
        if (error.code === "RATE_LIMITED" && typeof error.details.retryAfterSeconds === "number")
          headers["Retry-After"] = String(error.details.retryAfterSeconds);
        return errorResponse(error, requestId, headers);
      }
      return unexpectedErrorResponse(error, requestId);
    }
  };
  // The gates ride on the handler, so a test can hold each route's against its OpenAPI registry entry.
  return Object.assign(route, { gates });
}
