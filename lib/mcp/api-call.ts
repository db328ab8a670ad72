import type { ApiMethod, ApiTool, ApiToolPath } from "@/lib/mcp/tools";

// One tool call as one API call. Building it only places the arguments (path, query, body); validating them is the
// API's job, so a bad field gets the API's own 400 body. How the call is made is the caller's: stdio fetches the
// deployment over HTTP, the /api/mcp route calls the route handlers in-process (docs/decisions/0018-mcp-server.md).

export const API_BASE_PATH = "/api/public/v1";

export type ApiCall = {
  method: ApiMethod;
  /** The tool's path template, e.g. "/milestones/{milestoneId}/approve". */
  template: ApiToolPath;
  /** The path params, by name. */
  params: Record<string, string>;
  /** The path under API_BASE_PATH with its params filled in, and the query string if any. */
  pathAndQuery: string;
  /** The JSON body, for the endpoints that take one. */
  body?: Record<string, unknown>;
};

/** The API's answer: its status and its parsed JSON body (the error body on failures). */
export type ApiAnswer = { status: number; body: unknown };

/** Makes one API call with the caller's bearer token. */
export type ApiCaller = (call: ApiCall) => Promise<ApiAnswer>;

/** An error body in the API's shape (contract §1) for a call that could not even be built. */
export type LocalError = { error: string; code: "BAD_REQUEST"; details: { field: string } };

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
  }
  return {
    call: { method: tool.method, template: tool.path as ApiToolPath, params, pathAndQuery: path + search, body },
  };
}

/** A caller over HTTP: fetch against a deployment's base URL (what the stdio bin uses). */
export function fetchCaller(baseUrl: string, token: string | undefined): ApiCaller {
  const root = baseUrl.replace(/\/+$/, "") + API_BASE_PATH;
  return async (call) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(root + call.pathAndQuery, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    return { status: response.status, body: await readJson(response) };
  };
}

/** A response's JSON body; anything that is not JSON (a proxy's HTML page) is kept as text for the error result. */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 2000), code: "NOT_JSON" };
  }
}
