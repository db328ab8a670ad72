import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { fetchCaller } from "@/lib/mcp/api-call";
import { createMcpServer } from "@/lib/mcp/server";

// The MCP server over stdio (bin/cosign-mcp.mjs), for local agents: every tool call is one HTTP call to the
// deployment at OPENTRAIN_API_BASE_URL with OPENTRAIN_PERSONAL_API_TOKEN, as OpenTrain's own MCP server is
// configured. Without a token the server still starts: the agent-identity tools (register, claim, wait for the
// claim) need none, and every other call answers the API's 401 as an isError result.
// stdout carries the protocol: say anything else on stderr.

const DEFAULT_BASE_URL = "http://localhost:3000";

const baseUrl = process.env.OPENTRAIN_API_BASE_URL || DEFAULT_BASE_URL;
const token = process.env.OPENTRAIN_PERSONAL_API_TOKEN || undefined;

const server = createMcpServer(fetchCaller(baseUrl, token), { door: "stdio" });
await server.connect(new StdioServerTransport());
process.stderr.write(`cosign MCP server on stdio, calling ${baseUrl}${token ? "" : " without a token"}\n`);
