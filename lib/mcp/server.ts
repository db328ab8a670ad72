import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { buildApiCall, neverThrowing, type ApiCaller } from "@/lib/mcp/api-call";
import type { RememberedClient } from "@/lib/mcp/session-id";
import { errorResult, toolResult } from "@/lib/mcp/tool-result";
import { API_TOOLS, toolInputSchema, toolsFor, type ApiTool } from "@/lib/mcp/tools";
import { WAIT_TOOL, WAIT_TOOL_NAME, waitForApproval } from "@/lib/mcp/wait-for-approval";
import { WAIT_FOR_CLAIM_TOOL, WAIT_FOR_CLAIM_TOOL_NAME, waitForClaim } from "@/lib/mcp/wait-for-claim";

// The MCP server, the same over both transports: the tool table (lib/mcp/tools.ts) listed with JSON Schemas made
// from the API's own zod schemas, each call made through the transport's ApiCaller. Not
// McpServer's registerTool: it would validate arguments itself and answer its own error text, where the agent must
// get the API's error body (docs/decisions/0018-mcp-server.md). So the tools/list and tools/call handlers are ours,
// set on McpServer's underlying server.

export const SERVER_NAME = "cosign";
export const SERVER_VERSION = "0.1.0";

const INSTRUCTIONS = [
  "Tools for the co-signed payments API (OpenTrain's public API). Money never moves because of a tool call:",
  "hiring, funding, releasing and ending a funded contract each record a pending approval and return its approvalUrl,",
  "which a signed-in human must open and confirm. Always show approvalUrl to your human, then call",
  `${WAIT_TOOL_NAME} to learn the outcome. Failures are isError results carrying the API's error body`,
  "(code, details.reason).",
].join(" ");
/** Over stdio an agent may start without a token: the identity tools register it and get it claimed. */
const STDIO_INSTRUCTIONS = [
  INSTRUCTIONS,
  "Without a token (OPENTRAIN_PERSONAL_API_TOKEN unset), start with opentrain_register_agent, then",
  `opentrain_start_claim (give your human its link and code), then ${WAIT_FOR_CLAIM_TOOL_NAME} for the post-claim`,
  "token; every other tool answers 401 until you are configured with a token.",
].join(" ");

/** Which transport a server speaks on: the tokenless identity tools are offered over stdio only. */
export type Door = "stdio" | "http";

/** A tool's arguments as JSON Schema (what a client sees): the request's input side, transforms not applied. */
function jsonSchemaOf(schema: z.ZodObject): Tool["inputSchema"] {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return { ...json, type: "object" } as Tool["inputSchema"];
}

function listed(tool: ApiTool): Tool {
  const isReadOnly = "isReadOnly" in tool && tool.isReadOnly === true;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(toolInputSchema(tool)),
    annotations: {
      title: tool.title,
      readOnlyHint: isReadOnly,
      ...(isReadOnly ? {} : { destructiveHint: tool.method === "DELETE" }),
      openWorldHint: false,
    },
  };
}

function waiting(tool: { name: string; title: string; description: string; input: z.ZodObject }): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input),
    annotations: { title: tool.title, readOnlyHint: true, openWorldHint: false },
  };
}

const TOOL_LISTS: Record<Door, Tool[]> = {
  stdio: [...toolsFor("stdio").map(listed), waiting(WAIT_TOOL), waiting(WAIT_FOR_CLAIM_TOOL)],
  http: [...toolsFor("http").map(listed), waiting(WAIT_TOOL)],
};

const TOOLS_BY_NAME = new Map<string, ApiTool>(API_TOOLS.map((tool) => [tool.name, tool]));

/** Every tool's name a door lists, in order (tests compare against it). */
export const toolNamesFor = (door: Door) => TOOL_LISTS[door].map((tool) => tool.name);

/** What the door knows beyond the protocol: see createMcpServer. */
export type ServerOptions = {
  /** The transport; it decides which tools are offered (default http, the stricter). */
  door?: Door;
  /** What a stateless request's server knows of the client, from its session id (lib/mcp/session-id.ts). */
  client?: RememberedClient;
  /** Aborted when the HTTP request is gone: a wait then stops instead of polling for nobody. */
  signal?: AbortSignal;
};

/**
 * A server for one connection (stdio) or one request (stateless HTTP), calling the API through `caller`. A
 * connection's server reads the client's capabilities from its own initialize; a stateless one from `client`.
 */
export function createMcpServer(caller: ApiCaller, { door = "http", client, signal }: ServerOptions = {}): McpServer {
  // Every tool, the waits included, calls through it: a call that throws (over stdio, an API it cannot reach, though
  // fetchCaller answers that itself) is an isError result with an error body, not a protocol error.
  const call = neverThrowing(caller);
  const mcp = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION, title: "Co-sign payments" },
    { capabilities: { tools: {} }, instructions: door === "stdio" ? STDIO_INSTRUCTIONS : INSTRUCTIONS },
  );
  const { server } = mcp;
  const offered = new Set(toolNamesFor(door));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOL_LISTS[door] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    if (!offered.has(name)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const progress = async (progress: number, message: string) => {
      const progressToken = request.params._meta?.progressToken;
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken, progress, message } });
    };
    const stop = signal ? AbortSignal.any([extra.signal, signal]) : extra.signal;
    if (name === WAIT_FOR_CLAIM_TOOL_NAME) return waitForClaim(args, { call, signal: stop, progress });
    if (name === WAIT_TOOL_NAME) {
      let elicitationId: string | undefined;
      return waitForApproval(args, {
        call,
        signal: stop,
        progress,
        offerLink: (approvalUrl, approvalId) => {
          // Only to clients that said they take URL elicitation; the others get the link in the result's text.
          const takesUrl = client?.takesUrlElicitation ?? Boolean(server.getClientCapabilities()?.elicitation?.url);
          if (!takesUrl) return;
          elicitationId = `${approvalId}.${crypto.randomUUID()}`;
          // Not awaited: the human's answer to the prompt changes nothing (only the approval page decides), and over
          // stateless HTTP it reaches another request's server. Sent as a plain request because elicitInput checks
          // the capability against this server's own initialize, which a stateless server never saw.
          server
            .request(
              {
                method: "elicitation/create",
                params: {
                  mode: "url",
                  message: "A signed-in human must open this approval page and confirm before any money moves.",
                  url: approvalUrl,
                  elicitationId,
                },
              },
              ElicitResultSchema,
              { relatedRequestId: extra.requestId },
            )
            .catch(() => {});
        },
        linkDone: () => {
          // The completion notice needs the capability from this server's own initialize (a connection's server).
          if (!elicitationId || !server.getClientCapabilities()?.elicitation?.url) return;
          server
            .createElicitationCompletionNotifier(elicitationId, { relatedRequestId: extra.requestId })()
            .catch(() => {});
        },
      });
    }
    const tool = TOOLS_BY_NAME.get(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    const built = buildApiCall(tool, args);
    if (built.error) return errorResult({ status: 400, body: built.error });
    return toolResult(tool, await call(built.call), args);
  });
  return mcp;
}
