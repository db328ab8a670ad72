import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { callerOf, inProcessDispatch } from "@/app/api/mcp/in-process-api";
import { ApiError } from "@/lib/api/errors";
import { errorResponse, otherMethods, requestIdFrom } from "@/lib/api/respond";
import { BODY_LIMIT_BYTES, readBodyWithin, TOO_LARGE } from "@/lib/http/read-body";
import { buildApiCall } from "@/lib/mcp/api-call";
import { createMcpServer } from "@/lib/mcp/server";
import { rememberedClient, sessionIdFor } from "@/lib/mcp/session-id";
import { API_TOOLS } from "@/lib/mcp/tools";

const WHO_AM_I = buildApiCall(
  API_TOOLS.find((tool) => tool.name === "opentrain_auth_status")!,
  {},
).call!;

// POST /api/mcp — the MCP server over Streamable HTTP, stateless: one server and transport per request
// (docs/decisions/0018-mcp-server.md). Every message is first checked as GET /auth/me with the same bearer token, so
// a missing or bad token gets the API's own 401 and every message counts against the token's rate limit; each tool
// then calls its endpoint through the route handlers, with their gates and error bodies.
export async function POST(request: Request): Promise<Response> {
  const dispatch = inProcessDispatch(request);
  const identity = await dispatch(WHO_AM_I);
  if (identity.status !== 200) return identity;
  const body = await readBodyWithin(request).catch(() => null);
  const requestId = requestIdFrom(request);
  if (body === TOO_LARGE)
    return errorResponse(
      new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.", { limitBytes: BODY_LIMIT_BYTES }),
      requestId,
    );
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array()));
  } catch {
    return Response.json(
      { jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null },
      { status: 400 },
    );
  }
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const server = createMcpServer(callerOf(dispatch), {
    door: "http",
    client: rememberedClient(request.headers.get("mcp-session-id")),
    signal: request.signal,
  });
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody });
  const initialize = initializeOf(parsedBody);
  if (!initialize || !response.ok) return response;
  // The client's capabilities, for the later requests' servers (lib/mcp/session-id.ts).
  const headers = new Headers(response.headers);
  headers.set("mcp-session-id", sessionIdFor(initialize.params?.capabilities));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

type Initialize = { method: "initialize"; params?: { capabilities?: ClientCapabilities } };

function initializeOf(message: unknown): Initialize | undefined {
  const isInitialize = (m: unknown): m is Initialize =>
    typeof m === "object" && m !== null && (m as { method?: unknown }).method === "initialize";
  return (Array.isArray(message) ? message : [message]).find(isInitialize);
}

// Stateless: no server-initiated stream to GET and no session to DELETE.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
