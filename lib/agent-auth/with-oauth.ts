import "server-only";
import { assertWithinAgentLimit, type AgentLimitName } from "@/lib/agent-auth/agent-rate-limit";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import { publicBaseUrl } from "@/lib/api/base-url";
import { requestIdFrom, REQUEST_ID_HEADER } from "@/lib/api/respond";
import { clientAddress } from "@/lib/auth/client-address";
import { readBodyWithin, TOO_LARGE } from "@/lib/http/read-body";

export type OAuthContext = {
  /** The body's fields: a JSON object, or the form's fields as strings. */
  fields: Record<string, unknown>;
  baseUrl: string;
  request: Request;
};

type Options = {
  /** The per-address limit this endpoint counts against (lib/agent-auth/agent-rate-limit.ts). */
  limit: AgentLimitName;
  /** RFC 6749 §3.2 and RFC 7009 §2.1: the token and revocation endpoints take form-encoded bodies. */
  body: "json" | "form";
};

const NO_STORE = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", Pragma: "no-cache" };

function respond(body: unknown, status: number, requestId: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...NO_STORE, ...headers, [REQUEST_ID_HEADER]: requestId },
  });
}

/**
 * The one wrapper of the /api/agent endpoints: the per-address limit (counted before any work), the body within the
 * size limit, then the handler; OAuthErrors become `{error, error_description}` with their status, anything else a
 * 500 `server_error` without internals. Handlers never try/catch.
 */
export function withOAuth(
  options: Options,
  handler: (ctx: OAuthContext) => Promise<{ status: number; body: unknown }>,
) {
  return async function route(request: Request): Promise<Response> {
    const requestId = requestIdFrom(request);
    try {
      await assertWithinAgentLimit(options.limit, clientAddress(request.headers));
      const fields = await readFields(request, options.body);
      const { status, body } = await handler({ fields, baseUrl: publicBaseUrl(request), request });
      return respond(body, status, requestId);
    } catch (error) {
      if (error instanceof OAuthError) {
        return respond(
          { error: error.code, error_description: error.description },
          error.status,
          requestId,
          error.headers,
        );
      }
      console.error(`[${requestId}] unhandled error`, error);
      return respond({ error: "server_error", error_description: "Something went wrong on our side." }, 500, requestId);
    }
  };
}

async function readFields(request: Request, kind: Options["body"]): Promise<Record<string, unknown>> {
  const raw = await readBodyWithin(request);
  if (raw === TOO_LARGE) throw new OAuthError("payload_too_large", "The request body is too large.");
  const text = new TextDecoder().decode(raw);
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (kind === "form") {
    if (type !== "application/x-www-form-urlencoded")
      throw new OAuthError("invalid_request", "Send the body as application/x-www-form-urlencoded.");
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === "") return {};
  if (type !== "application/json") throw new OAuthError("invalid_request", "Send the body as application/json.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OAuthError("invalid_request", "The body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new OAuthError("invalid_request", "The body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

/** Every other method: 405 in the OAuth shape, with Allow. */
export function otherOAuthMethods(...allowed: string[]) {
  const answer = async (request: Request) =>
    respond(
      { error: "method_not_allowed", error_description: `Use ${allowed.join(" or ")} on this endpoint.` },
      405,
      requestIdFrom(request),
      { Allow: allowed.join(", ") },
    );
  // Marked, so the test that walks app/ against the OpenAPI document tells a served method from a 405.
  const handler = Object.assign(answer, { isMethodNotAllowed: true as const });
  return { GET: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
