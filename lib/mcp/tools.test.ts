import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { buildApiCall, encodeBody } from "@/lib/mcp/api-call";
import { API_TOOLS, toolsFor, type ApiTool } from "@/lib/mcp/tools";

// The tool table against the app: one tool for every endpoint app/api/public/v1 (withAgent) and app/api/agent
// (withOAuth) serves, and nothing else.
const APP_ROOT = path.resolve(import.meta.dirname, "../../app");

/** "METHOD /api/…/{param}" for every handler a route file under `root` serves through `wrapper`. */
function servedEndpoints(wrapper: string, dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith("[...")) found.push(...servedEndpoints(wrapper, full));
    if (entry.name !== "route.ts") continue;
    const template = `/${path.relative(APP_ROOT, dir)}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = fs.readFileSync(full, "utf8");
    for (const [, method] of source.matchAll(new RegExp(`export const (GET|POST|PUT|PATCH|DELETE) = ${wrapper}`, "g")))
      found.push(`${method} ${template}`);
  }
  return found;
}

const endpointOf = (tool: ApiTool) => `${tool.method} ${tool.base ?? "/api/public/v1"}${tool.path}`;

it("has exactly one tool per endpoint the API and the agent-identity ceremony serve", () => {
  const tools = API_TOOLS.map(endpointOf);
  expect(new Set(tools).size).toBe(tools.length);
  const served = [
    ...servedEndpoints("withAgent", path.join(APP_ROOT, "api/public/v1")),
    ...servedEndpoints("withOAuth", path.join(APP_ROOT, "api/agent")),
  ];
  expect(served).toEqual(expect.arrayContaining(["POST /api/agent/identity", "POST /api/agent/oauth/token"]));
  expect([...tools].sort()).toEqual(served.sort());
});

it("offers the tokenless identity tools over stdio only: /api/mcp always has a bearer token", () => {
  const agentTools = API_TOOLS.filter((tool) => "base" in tool && tool.base === "/api/agent").map((t) => t.name);
  expect(agentTools).toEqual([
    "opentrain_register_agent",
    "opentrain_start_claim",
    "opentrain_exchange_claim",
    "opentrain_revoke_agent_token",
  ]);
  expect(toolsFor("stdio").map((t) => t.name)).toEqual(API_TOOLS.map((t) => t.name));
  expect(toolsFor("http").map((t) => t.name)).toEqual(
    API_TOOLS.map((t) => t.name).filter((name) => !agentTools.includes(name)),
  );
});

it("places arguments in path, query and body, and leaves checking them to the API", () => {
  const tool = (name: string) => API_TOOLS.find((t) => t.name === name)!;
  expect(
    buildApiCall(tool("opentrain_create_milestone"), { contractId: "ctr 1", amountUsd: 5, extra: 1 }).call,
  ).toEqual({
    method: "POST",
    base: "/api/public/v1",
    template: "/contracts/{contractId}/milestones",
    params: { contractId: "ctr 1" },
    pathAndQuery: "/contracts/ctr%201/milestones",
    body: { amountUsd: 5 },
  });
  expect(buildApiCall(tool("opentrain_poll_updates"), { cursor: "7", limit: 100 }).call?.pathAndQuery).toBe(
    "/updates?cursor=7&limit=100",
  );
  expect(buildApiCall(tool("opentrain_get_approval"), {}).error).toEqual({
    error: 'Invalid path parameter "approvalId": must be a non-empty string.',
    code: "BAD_REQUEST",
    // Contract §1: every error body has one, the same shape as the API's own (newId("req")).
    requestId: expect.stringMatching(/^req_[0-9A-Za-z]{20}$/),
    details: { field: "approvalId" },
  });
});

it("an identity tool calls its own base path; the claim grant is a form with grant_type fixed", () => {
  const exchange = API_TOOLS.find((t) => t.name === "opentrain_exchange_claim")!;
  const { call } = buildApiCall(exchange, { claim_token: "ot_clm_x", grant_type: "password" });
  expect(call).toEqual({
    method: "POST",
    base: "/api/agent",
    template: "/oauth/token",
    params: {},
    pathAndQuery: "/oauth/token",
    body: { claim_token: "ot_clm_x", grant_type: "urn:opentrain:agent-auth:grant-type:claim" },
    isForm: true,
  });
  expect(encodeBody(call!)).toEqual({
    contentType: "application/x-www-form-urlencoded",
    text: "claim_token=ot_clm_x&grant_type=urn%3Aopentrain%3Aagent-auth%3Agrant-type%3Aclaim",
  });
  const register = API_TOOLS.find((t) => t.name === "opentrain_register_agent")!;
  expect(encodeBody(buildApiCall(register, { agent_name: "bot" }).call!)).toEqual({
    contentType: "application/json",
    text: '{"agent_name":"bot"}',
  });
});
