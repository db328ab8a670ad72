import { localRequestId } from "@/lib/mcp/request-id";
import { PUBLIC_API_BASE, type AnyToolPath, type ApiMethod, type ApiTool } from "@/lib/mcp/tools";

// One tool call as one API call. Building it only places the arguments (path, query, body); validating them is the
// API's job, so a bad field gets the API's own 400 body. How the call is made is the caller's: stdio fetches the
// deployment over HTTP, the /api/mcp route calls the route handlers in-process (docs/decisions/0018-mcp-server.md).

export const API_BASE_PATH = PUBLIC_API_BASE;

export type ApiCall = {
  method: ApiMethod;
  /** The endpoint's base path: /api/public/v1, or /api/agent for the agent-identity tools. */
  base: string;
  /** The tool's path template, e.g. "/milestones/{milestoneId}/approve". */
  template: AnyToolPath;
  /** The path params, by name. */
  params: Record<string, string>;
  /** The path under `base` with its params filled in, and the query string if any. */
  pathAndQuery: string;
  /** The body, for the endpoints that take one. */
  body?: Record<string, unknown>;
  /** The body is sent form-encoded (the OAuth endpoints), not as JSON. */
  isForm?: boolean;
};

/**
 * The API's answer: its status and its parsed JSON body (the error body on failures). Status 0: no answer at all
 * (the API could not be reached); the body is then an error body made here (unreachableAnswer).
 */
export type ApiAnswer = { status: number; body: unknown };

/** The status of an ApiAnswer that never came from the API: it could not be reached. */
export const UNREACHABLE_STATUS = 0;

/** Makes one API call with the caller's bearer token. */
export type ApiCaller = (call: ApiCall) => Promise<ApiAnswer>;

/** An error body in the API's shape (contract §1) for a call that could not even be built. */
export type LocalError = { error: string; code: "BAD_REQUEST"; requestId: string; details: { field: string } };

/**
 * The answer to a call that got no answer (connection refused, DNS failure, a reset or timed-out connection): an
 * error body in the contract's shape (§1), INTERNAL_ERROR being the closed list's only code for a failure on the
 * serving side, with what could not be reached and why, so the tool's result is isError and not a protocol error.
 */
export function unreachableAnswer(where: string, error: unknown): ApiAnswer {
  const cause = failureCause(error);
  return {
    status: UNREACHABLE_STATUS,
    body: {
      error: `Could not reach the API at ${where}: ${cause}. Check OPENTRAIN_API_BASE_URL and that the deployment is up, then call again.`,
      code: "INTERNAL_ERROR",
      requestId: localRequestId(),
      details: { reason: "api_unreachable", baseUrl: where, cause },
    },
  };
}

/**
 * The caller, never throwing (createMcpServer wraps every transport's caller in it): a call that throws anyway gets
 * an INTERNAL_ERROR body, so a tool's failure is always an isError result, never a JSON-RPC protocol error.
 */
export function neverThrowing(call: ApiCaller): ApiCaller {
  return async (apiCall) => {
    try {
      return await call(apiCall);
    } catch (error) {
      const cause = failureCause(error);
      return {
        status: UNREACHABLE_STATUS,
        body: {
          error: `The API call ${apiCall.method} ${apiCall.base}${apiCall.template} failed without an answer: ${cause}.`,
          code: "INTERNAL_ERROR",
          requestId: localRequestId(),
          details: { reason: "api_call_failed", cause },
        },
      };
    }
  };
}

/**
 * Why a call got no answer. fetch's own "fetch failed" says nothing: its cause (undici's) has the code and the
 * address ("connect ECONNREFUSED 127.0.0.1:3000", "getaddrinfo ENOTFOUND …"); a dual-stack connect that failed
 * on every address is an AggregateError of them.
 */
function failureCause(error: unknown): string {
  let cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors.length > 0 && !cause.message) cause = cause.errors[0];
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  const message = cause.message || cause.name;
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The API call for a tool's arguments, or the 400 a missing path param deserves (a path cannot be built without
 * it; everything else is placed as given and checked by the API). Arguments the endpoint does not take are dropped.
 */
export function buildApiCall(
  tool: ApiTool,
  args: Record<string, unknown>,
): { call: ApiCall; error?: never } | { error: LocalError; call?: never } {
  const params: Record<string, string> = {};
  for (const name of Object.keys(tool.params ?? {})) {
    const value = args[name];
    if (typeof value !== "string" || value === "")
      return {
        error: {
          error: `Invalid path parameter "${name}": must be a non-empty string.`,
          code: "BAD_REQUEST",
          requestId: localRequestId(),
          details: { field: name },
        },
      };
    params[name] = value;
  }
  const path = tool.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
  const query = new URLSearchParams();
  for (const name of Object.keys(tool.query ?? {})) {
    const value = args[name];
    // Numbers and booleans as their JSON text ("50", "true"); anything else too, for the API's own check to refuse.
    if (value !== undefined && value !== null)
      query.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  const search = query.size > 0 ? `?${query}` : "";
  let body: Record<string, unknown> | undefined;
  if (tool.body) {
    body = {};
    for (const name of Object.keys(tool.body.shape)) if (args[name] !== undefined) body[name] = args[name];
    Object.assign(body, tool.fixedBody);
  }
  const call: ApiCall = {
    method: tool.method,
    base: tool.base ?? API_BASE_PATH,
    template: tool.path as AnyToolPath,
    params,
    pathAndQuery: path + search,
    body,
  };
  if (tool.isForm) call.isForm = true;
  return { call };
}

/** The call's body as sent: JSON, or a form whose values are strings (anything else as its JSON text). */
export function encodeBody(call: ApiCall): { contentType: string; text: string } | undefined {
  if (call.body === undefined) return undefined;
  if (!call.isForm) return { contentType: "application/json", text: JSON.stringify(call.body) };
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(call.body))
    form.set(name, typeof value === "string" ? value : JSON.stringify(value));
  return { contentType: "application/x-www-form-urlencoded", text: form.toString() };
}

/**
 * A caller over HTTP: fetch against a deployment's base URL (what the stdio bin uses). It never throws: a call that
 * gets no answer, or whose answer breaks off, is unreachableAnswer naming the base URL.
 */
export function fetchCaller(baseUrl: string, token: string | undefined): ApiCaller {
  const root = baseUrl.replace(/\/+$/, "");
  return async (call) => {
    try {
      return await fetchOnce(root, token, call);
    } catch (error) {
      return unreachableAnswer(root, error);
    }
  };
}

async function fetchOnce(root: string, token: string | undefined, call: ApiCall): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: "application/json" };
  // The bearer token is the public API's; the agent-identity endpoints take none (and OAuth would read an
  // Authorization header on the token endpoint as client authentication).
  if (token && call.base === API_BASE_PATH) headers.authorization = `Bearer ${token}`;
  const body = encodeBody(call);
  if (body) headers["content-type"] = body.contentType;
  const response = await fetch(root + call.base + call.pathAndQuery, {
    method: call.method,
    headers,
    body: body?.text,
  });
  return { status: response.status, body: await readJson(response) };
}

/** A response's JSON body; anything that is not JSON (a proxy's HTML page) is kept as text for the error result. */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    // In the contract's error shape (§1), from its closed list of codes: what came is kept as the message.
    return {
      error: text.slice(0, 2000),
      code: "INTERNAL_ERROR",
      requestId: response.headers.get("x-request-id") ?? localRequestId(),
      details: { reason: "not_json", status: response.status },
    };
  }
}
