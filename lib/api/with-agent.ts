import "server-only";
import type { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { checkParams, type ParsedParams } from "@/lib/api/parse";
import { errorResponse, jsonResponse, requestIdFrom, unexpectedErrorResponse } from "@/lib/api/respond";
import { authenticateAgent, type AgentPrincipal, type TokenRead } from "@/lib/auth/api-tokens";
import { hasScope, type FeatureKey, type Scope } from "@/lib/auth/scopes";
import { publicBaseUrl } from "@/lib/api/base-url";

type Gates<S extends z.ZodRawShape, T> = {
  /**
   * The route's path params. Parsed before the gates, so that nothing malformed reaches the token's statement; a
   * malformed one is answered 400 only after the gates, in the contract's order (401 → 403 → 400).
   */
  params?: S;
  /** Every one of these is required. */
  scopes?: Scope[];
  /** At least one of these is required (GET /updates). */
  anyScope?: Scope[];
  feature?: FeatureKey;
  /** The account must be claimed by a human. */
  claimed?: boolean;
  /**
   * The route's resource, read in the token lookup's own statement (see TokenRead) from the parsed params, and
   * handed to the handler as `preloaded` once the gates pass. With malformed params the token is looked up alone.
   */
  preload?: TokenRead<ParsedParams<S>, T>;
};

export type AgentContext<P, T = never> = {
  principal: AgentPrincipal;
  /** The path params, parsed by the gates' `params` shape. */
  params: P;
  /** What the gates' `preload` read; undefined when the route has none. */
  preloaded: T | undefined;
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
 * (401 → scope 403 → feature 403 → claim 403 → malformed path param 400), then the handler; ApiErrors become the
 * flat error body and anything else a 500 without internals. Handlers never try/catch.
 */
export function withAgent<S extends z.ZodRawShape = Record<string, never>, T = never>(
  gates: Gates<S, T>,
  handler: (ctx: AgentContext<ParsedParams<S>, T>) => Promise<AgentResult>,
) {
  return async function route(request: Request, context: RouteContext): Promise<Response> {
    const requestId = requestIdFrom(request);
    try {
      const baseUrl = publicBaseUrl(request);
      const params: Checked<S> = gates.params
        ? checkParams(gates.params, await context?.params)
        : { ok: true, data: {} as ParsedParams<S> };
      const { principal, read: preloaded } = await authenticateAgent(
        request.headers.get("authorization"),
        gates.preload && params.ok ? { read: gates.preload, routeParams: params.data } : undefined,
      );
      assertGates(principal, gates, baseUrl);
      if (!params.ok) throw params.error;
      const { status, body } = await handler({ principal, params: params.data, preloaded, request, requestId, baseUrl });
      return jsonResponse(body, status, requestId);
    } catch (error) {
      if (error instanceof ApiError) {
        const headers: Record<string, string> = error.code === "UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="api"' } : {};
        return errorResponse(error, requestId, headers);
      }
      return unexpectedErrorResponse(error, requestId);
    }
  };
}

function assertGates<S extends z.ZodRawShape, T>(principal: AgentPrincipal, gates: Gates<S, T>, baseUrl: string) {
  const granted = principal.scopes;
  const missing = (gates.scopes ?? []).filter((scope) => !hasScope(granted, scope));
  if (missing.length > 0) {
    throw new ApiError("FORBIDDEN", `This token lacks the ${missing.join(", ")} scope.`, {
      requiredScopes: gates.scopes,
      grantedScopes: granted,
    });
  }
  if (gates.anyScope && !gates.anyScope.some((scope) => hasScope(granted, scope))) {
    throw new ApiError("FORBIDDEN", `This token needs one of the scopes ${gates.anyScope.join(", ")}.`, {
      requiredScopes: gates.anyScope,
      grantedScopes: granted,
    });
  }
  if (gates.feature && !principal.account.features.includes(gates.feature)) {
    throw new ApiError("FORBIDDEN", `The ${gates.feature} feature is not enabled for this account.`, {
      featureKey: gates.feature,
    });
  }
  if (gates.claimed && !principal.account.isClaimed) {
    throw new ApiError("FORBIDDEN", "A human must claim this account before it can do this.", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: `${baseUrl}/claim`,
    });
  }
}
