import net from "node:net";
import { expect, it } from "vitest";
import { fetchCaller, neverThrowing, readJson, UNREACHABLE_STATUS, type ApiCall } from "@/lib/mcp/api-call";
import { errorResult, toolResult } from "@/lib/mcp/tool-result";
import { API_TOOLS } from "@/lib/mcp/tools";

// A caller that gets no answer: an error body in the contract's shape (§1), never a throw (which the MCP SDK would
// turn into a JSON-RPC protocol error instead of an isError result).
const CALL: ApiCall = {
  method: "GET",
  base: "/api/public/v1",
  template: "/approvals/{approvalId}",
  params: { approvalId: "apr_1" },
  pathAndQuery: "/approvals/apr_1",
};
const REQUEST_ID = /^req_[0-9A-Za-z]{20}$/;

/** A port nothing listens on: one the system just gave a server, which is closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it("an API it cannot reach is an INTERNAL_ERROR body naming the base URL and the cause, with a requestId", async () => {
  const baseUrl = `http://127.0.0.1:${await closedPort()}`;
  const answer = await fetchCaller(`${baseUrl}/`, "ot_pat_x_y")(CALL);
  expect(answer).toEqual({
    status: UNREACHABLE_STATUS,
    body: {
      error: expect.stringMatching(new RegExp(`^Could not reach the API at ${baseUrl}: .*ECONNREFUSED`)),
      code: "INTERNAL_ERROR",
      requestId: expect.stringMatching(REQUEST_ID),
      details: { reason: "api_unreachable", baseUrl, cause: expect.stringContaining("ECONNREFUSED") },
    },
  });
  const result = errorResult(answer);
  expect(result).toMatchObject({ isError: true, structuredContent: answer.body });
  // A plain tool's result of it is the same isError result (status 0 is no success).
  const getApproval = API_TOOLS.find((tool) => tool.name === "opentrain_get_approval")!;
  expect(toolResult(getApproval, answer)).toEqual(result);
  expect((result.content as { text: string }[])[0].text).toMatch(/^No answer from the API INTERNAL_ERROR: Could not/);
});

it("a host that does not resolve is the same body", async () => {
  const answer = await fetchCaller("http://cosign-mcp-test.invalid", undefined)(CALL);
  expect(answer.body).toMatchObject({
    code: "INTERNAL_ERROR",
    requestId: expect.stringMatching(REQUEST_ID),
    details: { reason: "api_unreachable", baseUrl: "http://cosign-mcp-test.invalid" },
  });
});

it("any caller that throws answers an INTERNAL_ERROR body instead", async () => {
  const answer = await neverThrowing(async () => {
    throw new Error("No GET handler");
  })(CALL);
  expect(answer).toEqual({
    status: UNREACHABLE_STATUS,
    body: {
      error: "The API call GET /api/public/v1/approvals/{approvalId} failed without an answer: No GET handler.",
      code: "INTERNAL_ERROR",
      requestId: expect.stringMatching(REQUEST_ID),
      details: { reason: "api_call_failed", cause: "No GET handler" },
    },
  });
});

it("an answer that is not JSON (a proxy's HTML page) becomes an error body in the contract's shape", async () => {
  const page = new Response("<html>Bad gateway</html>", { status: 502, headers: { "x-request-id": "req_fromproxy" } });
  expect(await readJson(page)).toEqual({
    error: "<html>Bad gateway</html>",
    code: "INTERNAL_ERROR",
    requestId: "req_fromproxy",
    details: { reason: "not_json", status: 502 },
  });
  const bare = (await readJson(new Response("oops", { status: 500 }))) as { requestId: string };
  expect(bare.requestId).toMatch(REQUEST_ID);
  const result = errorResult({ status: 502, body: "not an object" });
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toMatchObject({ code: "INTERNAL_ERROR", details: { reason: "not_json" } });
});
