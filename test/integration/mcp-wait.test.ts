import { afterEach, describe, expect, inject, it } from "vitest";
import { confirmApproval } from "@/lib/approvals/resolve-approval";
import { db } from "@/lib/db";
import { heldPollCount } from "@/lib/events/wait-for-updates";
import type { ApiCaller } from "@/lib/mcp/api-call";
import { waitForApproval } from "@/lib/mcp/wait-for-approval";
import { api, post } from "../support/api";
import { ENGINE } from "../support/databases";

// opentrain_wait_for_approval against the real API (the route handlers in-process, every answer held against the
// OpenAPI document), on an account with a long history: a wait without a cursor finds the feed's end in a few calls
// instead of paging the history 100 events a call, holds the long poll there, and sees the human's confirmation.
const { tokens, contracts } = inject("fixtures");
const OWNER = "hum_acme_owner";
const ACCOUNT = "org_acme";
const HISTORY = 5_000;

/** The token's API, counting its calls. */
function countingCaller(token: string) {
  const calls: string[] = [];
  const call: ApiCaller = async (apiCall) => {
    calls.push(apiCall.pathAndQuery);
    const res = await api(apiCall.method, apiCall.pathAndQuery, { token, body: apiCall.body });
    return { status: res.status, body: res.body };
  };
  return { call, calls };
}

async function until(condition: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

afterEach(() => expect(heldPollCount()).toBe(0));

describe(`opentrain_wait_for_approval on ${ENGINE}`, () => {
  it(`without a cursor, on a history of ${HISTORY} events, holds the long poll after a few calls and sees confirmed`, async () => {
    const client = await db();
    // The history, written fast (other accounts' events would only spread the ids further).
    const at = new Date();
    await client.event.createMany({
      data: Array.from({ length: HISTORY }, (_, i) => ({
        accountId: ACCOUNT,
        type: "milestone.status_changed",
        resourceId: `ms_history_${i}`,
        jobId: null,
        data: JSON.stringify({ milestoneId: `ms_history_${i}`, contractId: contracts.active, status: "ACTIVE_FUNDED" }),
        createdAt: at,
      })),
    });
    const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
      description: "mcp wait work",
      amountUsd: 7,
    });
    const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
    expect(fund.status).toBe(202);
    const approvalId: string = fund.body.approval.id;
    const newest = (await client.event.findFirst({ orderBy: { id: "desc" } }))!.id;

    const { call, calls } = countingCaller(tokens.full);
    const progress: number[] = [];
    const waiting = waitForApproval(
      { approvalId, timeoutSeconds: 60 },
      {
        call,
        signal: new AbortController().signal,
        progress: async (n) => void progress.push(n),
        offerLink: () => {},
        linkDone: () => {},
      },
    );
    await until(() => heldPollCount() === 1, "the long poll to be held");
    const beforeHold = calls.length;
    // Paging from the beginning took one call per 100 events (54 calls up to the hold here, measured; 13 now); finding the end
    // takes at most 2 × log2(newest id / 100) probes and 6 other calls, whatever the history's length.
    expect(beforeHold).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(newest / 100)) + 6);
    expect(beforeHold).toBeLessThan(HISTORY / 100 / 2);
    // Held from the feed's very end.
    expect(calls.at(-1)).toBe(`/updates?cursor=${newest}&limit=100&wait=25`);
    expect(progress).toEqual([1]);

    expect((await confirmApproval({ approvalId, humanId: OWNER })).outcome).toBe("confirmed");
    const result = await waiting;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      isFinal: true,
      approval: { id: approvalId, status: "confirmed" },
    });
    // The woken poll and the approval's last read.
    expect(calls.length).toBe(beforeHold + 1);
  });
});
