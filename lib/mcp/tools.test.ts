import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { buildApiCall } from "@/lib/mcp/api-call";
import { API_TOOLS } from "@/lib/mcp/tools";

// The tool table against the app: one tool for every endpoint app/api/public/v1 serves, and nothing else.
const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/public/v1");

/** "METHOD /path/{param}" for every handler a route file serves through withAgent. */
function servedEndpoints(dir = API_ROOT): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith("[...")) found.push(...servedEndpoints(full));
    if (entry.name !== "route.ts") continue;
    const template = `/${path.relative(API_ROOT, dir)}`.replace(/\[(\w+)\]/g, "{$1}");
    const source = fs.readFileSync(full, "utf8");
    for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = withAgent/g))
      found.push(`${method} ${template}`);
  }
  return found;
}

it("has exactly one tool per endpoint the API serves", () => {
  const tools = API_TOOLS.map((tool) => `${tool.method} ${tool.path}`);
  expect(new Set(tools).size).toBe(tools.length);
  expect([...tools].sort()).toEqual(servedEndpoints().sort());
});

it("places arguments in path, query and body, and leaves checking them to the API", () => {
  const tool = (name: string) => API_TOOLS.find((t) => t.name === name)!;
  expect(
    buildApiCall(tool("opentrain_create_milestone"), { contractId: "ctr 1", amountUsd: 5, extra: 1 }).call,
  ).toEqual({
    method: "POST",
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
    details: { field: "approvalId" },
  });
});
