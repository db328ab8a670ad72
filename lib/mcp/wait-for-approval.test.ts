import { expect, it } from "vitest";
import type { ApiCall, ApiCaller } from "@/lib/mcp/api-call";
import { waitForApproval, type WaitContext } from "@/lib/mcp/wait-for-approval";

// The wait loop against a scripted API: what it asks, when it pauses, what it tells the client.
const URL_OF = "http://localhost:3000/approvals/apr_1";

function scripted(statuses: string[], feed: () => { events: { resourceId: string }[]; nextCursor: string | null }) {
  const calls: string[] = [];
  const call: ApiCaller = async ({ pathAndQuery }: ApiCall) => {
    calls.push(pathAndQuery);
    if (pathAndQuery.startsWith("/approvals/")) {
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
      return { status: 200, body: { approval: { id: "apr_1", status, approvalUrl: URL_OF, result: null } } };
    }
    return { status: 200, body: { ...feed(), hasMore: false } };
  };
  return { call, calls };
}

function context(call: ApiCaller) {
  const seen = { sleeps: [] as number[], progress: [] as number[], offered: [] as string[], done: 0 };
  const ctx: WaitContext = {
    call,
    signal: new AbortController().signal,
    progress: async (progress) => void seen.progress.push(progress),
    offerLink: (url) => void seen.offered.push(url),
    linkDone: () => void (seen.done += 1),
    sleep: async (ms) => void seen.sleeps.push(ms),
  };
  return { ctx, seen };
}

it("without a long poll (an empty feed at once) it pauses 2 s a round, asks wait=25, and returns once final", async () => {
  const { call, calls } = scripted(["pending", "pending", "confirmed"], () => ({ events: [], nextCursor: null }));
  const { ctx, seen } = context(call);
  const result = await waitForApproval({ approvalId: "apr_1", timeoutSeconds: 120, cursor: "4" }, ctx);
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toMatchObject({ isFinal: true, approval: { status: "confirmed" }, cursor: "4" });
  expect(calls).toEqual([
    "/approvals/apr_1",
    "/updates?cursor=4&limit=100&wait=25",
    "/approvals/apr_1",
    "/updates?cursor=4&limit=100&wait=25",
    "/approvals/apr_1",
  ]);
  expect(seen).toEqual({ sleeps: [2000, 2000], progress: [1, 2], offered: [URL_OF], done: 1 });
});

it("an event about the approval ends the round without a pause, and the cursor moves on", async () => {
  const { call, calls } = scripted(["pending", "declined"], () => ({
    events: [{ resourceId: "apr_1" }],
    nextCursor: "9",
  }));
  const { ctx, seen } = context(call);
  const result = await waitForApproval({ approvalId: "apr_1" }, ctx);
  expect(result.structuredContent).toMatchObject({ isFinal: true, approval: { status: "declined" }, cursor: "9" });
  expect(calls).toEqual(["/approvals/apr_1", "/updates?limit=100&wait=25", "/approvals/apr_1"]);
  expect(seen.sleeps).toEqual([]);
});

it("the API's error is the result, and a bad timeout is a 400 naming the field", async () => {
  const failing: ApiCaller = async () => ({
    status: 404,
    body: { error: "No approval with that id.", code: "NOT_FOUND" },
  });
  const { ctx } = context(failing);
  const missing = await waitForApproval({ approvalId: "apr_1" }, ctx);
  expect(missing).toMatchObject({ isError: true, structuredContent: { code: "NOT_FOUND" } });
  const bad = await waitForApproval({ approvalId: "apr_1", timeoutSeconds: 5000 }, ctx);
  expect(bad).toMatchObject({
    isError: true,
    structuredContent: { code: "BAD_REQUEST", details: { field: "timeoutSeconds" } },
  });
  // Contract §1: every error body carries a requestId, this one made here as the API makes its own.
  expect((bad.structuredContent as { requestId: string }).requestId).toMatch(/^req_[0-9A-Za-z]{20}$/);
});
