import { afterEach, describe, expect, inject, it } from "vitest";
import { startBackgroundWork, stopBackgroundWork } from "@/lib/background/background-work";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { heldPollCount } from "@/lib/events/wait-for-updates";
import { api, post } from "../support/api";
import { ENGINE } from "../support/databases";

// lib/background: what `npm start` runs besides requests (instrumentation-node.ts starts it), and the flag that turns
// it off. The sweep runs on a real interval (EXPIRY_SWEEP_SECONDS=1 here); the approval's expiry is on the clock.
const { tokens, contracts } = inject("fixtures");

afterEach(async () => {
  await stopBackgroundWork();
  delete process.env.BACKGROUND_WORK;
  delete process.env.EXPIRY_SWEEP_SECONDS;
  delete process.env.APPROVAL_WINDOW_SECONDS;
  resetEnvCache();
  resetClock();
});

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(`background work on ${ENGINE}`, () => {
  it("BACKGROUND_WORK=off starts nothing", () => {
    process.env.BACKGROUND_WORK = "off";
    resetEnvCache();
    expect(startBackgroundWork()).toEqual([]);
  });

  it("on by default: the expiry sweep expires a due approval with nobody reading, and its event wakes a held poll", async () => {
    process.env.EXPIRY_SWEEP_SECONDS = "1";
    process.env.APPROVAL_WINDOW_SECONDS = "5";
    resetEnvCache();
    const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
      description: "swept",
      amountUsd: 3,
    });
    const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
    const approvalId = fund.body.approval.id;
    const client = await db();
    const cursor = (await client.event.findFirst({ orderBy: { id: "desc" } }))!.id;
    // Another account's token holds a poll too: the sweep's event is not its account's, so it keeps waiting.
    const other = new AbortController();
    const otherPoll = api("GET", `/updates?wait=30&cursor=${cursor}`, {
      token: tokens.otherAccount,
      signal: other.signal,
    });
    const held = api("GET", `/updates?wait=30&cursor=${cursor}`, { token: tokens.full });
    await until(() => heldPollCount() === 2, "both polls to be held");
    // Past the approval's 5 s window, still inside the polls' 30 s waits (re-armed on the same clock).
    const at = new Date(Date.now() + 10_000);
    setClock(() => at);
    expect(startBackgroundWork()).toEqual([
      "expiry sweep",
      "webhook delivery",
      "webhook delivery retention",
      "approval emails",
    ]);
    const res = await held;
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([
      expect.objectContaining({
        type: "approval.confirmed",
        data: { approvalId, status: "expired", type: "milestone_fund" },
      }),
    ]);
    expect((await client.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("expired");
    expect(heldPollCount()).toBe(1);
    other.abort();
    expect((await otherPoll).body.events).toEqual([]);
  });
});
