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
  const result = await waitForApproval({ approvalId: "apr_1", cursor: "3" }, ctx);
  expect(result.structuredContent).toMatchObject({ isFinal: true, approval: { status: "declined" }, cursor: "9" });
  expect(calls).toEqual(["/approvals/apr_1", "/updates?cursor=3&limit=100&wait=25", "/approvals/apr_1"]);
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

/**
 * A feed of `count` events (ids spaced as other accounts' events interleave with this one's) served as GET /updates
 * does — after the cursor, oldest first, `limit` at most; a call with wait that finds nothing is "held", and the
 * human confirms then: the approval's final event is appended and the status turns.
 */
function longHistory(count: number, spacing = 3) {
  const ids = Array.from({ length: count }, (_, i) => (i + 1) * spacing);
  const calls: string[] = [];
  let status = "pending";
  let heldAfter = -1;
  const call: ApiCaller = async ({ pathAndQuery }: ApiCall) => {
    calls.push(pathAndQuery);
    if (pathAndQuery.startsWith("/approvals/"))
      return { status: 200, body: { approval: { id: "apr_1", status, approvalUrl: URL_OF, result: null } } };
    const query = new URLSearchParams(pathAndQuery.split("?")[1]);
    const after = Number(query.get("cursor") ?? 0);
    const limit = Number(query.get("limit"));
    let past = ids.filter((id) => id > after);
    if (past.length === 0 && Number(query.get("wait") ?? 0) > 0 && status === "pending") {
      heldAfter = calls.length - 1;
      status = "confirmed";
      ids.push(ids.at(-1)! + spacing);
      past = ids.filter((id) => id > after);
    }
    const page = past.slice(0, limit);
    return {
      status: 200,
      body: {
        events: page.map((id) => ({
          id: String(id),
          resourceId: id === ids.at(-1) && status !== "pending" ? "apr_1" : "x",
        })),
        nextCursor: page.length > 0 ? String(page.at(-1)) : query.get("cursor"),
        hasMore: past.length > limit,
      },
    };
  };
  return { call, calls, callsBeforeHold: () => heldAfter };
}

it("without a cursor it finds the feed's end in a few reads, not a page per 100 events, then holds the long poll", async () => {
  for (const count of [150, 100_000]) {
    const feed = longHistory(count);
    const { ctx, seen } = context(feed.call);
    const result = await waitForApproval({ approvalId: "apr_1" }, ctx);
    expect(result.structuredContent).toMatchObject({ isFinal: true, approval: { status: "confirmed" } });
    // The long poll was held from the feed's end itself.
    expect(feed.calls[feed.callsBeforeHold()]).toBe(`/updates?cursor=${count * 3}&limit=100&wait=25`);
    // 100 000 events: 1 003 calls up to the hold when the loop paged from the beginning; now 23.
    expect(feed.callsBeforeHold()).toBeLessThanOrEqual(count < 1000 ? 5 : 30);
    expect(seen.progress).toEqual([1]);
    expect(seen.sleeps).toEqual([]);
  }
});

it("a short feed costs the wait no more than it did: one read from the beginning, then the held poll", async () => {
  const feed = longHistory(7);
  const { ctx } = context(feed.call);
  await waitForApproval({ approvalId: "apr_1" }, ctx);
  expect(feed.calls).toEqual([
    "/approvals/apr_1",
    "/updates?limit=100",
    "/approvals/apr_1",
    "/updates?cursor=21&limit=100&wait=25",
    "/approvals/apr_1",
  ]);
});

it("a 429 while finding the end is waited out, and any other failure is the result", async () => {
  const feed = longHistory(1000);
  let limited = 2;
  const call: ApiCaller = async (apiCall) => {
    if (apiCall.pathAndQuery.includes("cursor=") && !apiCall.pathAndQuery.includes("wait") && limited-- > 0)
      return { status: 429, body: { error: "Too many", code: "RATE_LIMITED", details: { retryAfterSeconds: 3 } } };
    return feed.call(apiCall);
  };
  const { ctx, seen } = context(call);
  const result = await waitForApproval({ approvalId: "apr_1" }, ctx);
  expect(result.structuredContent).toMatchObject({ isFinal: true, approval: { status: "confirmed" } });
  expect(seen.sleeps).toEqual([3000, 3000]);
  const fresh = longHistory(1000);
  const failing: ApiCaller = async (apiCall) =>
    apiCall.pathAndQuery.startsWith("/updates")
      ? { status: 403, body: { error: "No.", code: "FORBIDDEN", requestId: "req_x", details: {} } }
      : fresh.call(apiCall);
  const refused = await waitForApproval({ approvalId: "apr_1" }, context(failing).ctx);
  expect(refused).toMatchObject({ isError: true, structuredContent: { code: "FORBIDDEN" } });
});
