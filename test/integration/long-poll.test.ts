import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { confirmApproval } from "@/lib/approvals/resolve-approval";
import { resetClock, setClock } from "@/lib/clock";
import { db, LISTEN_APPLICATION_NAME } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { heldPollCount } from "@/lib/events/wait-for-updates";
import { api, get, post, type ApiResponse } from "../support/api";
import { ENGINE } from "../support/databases";
import { expectError } from "../support/expect-error";

// GET /updates?wait= in-process, on the engine TEST_DB names: the hold, its wakes (on PostgreSQL through the real
// pg_notify → LISTEN path, on SQLite through the in-process announcement), its end on the clock, the client leaving,
// the per-token cap. test/servers/long-poll.test.ts proves the wake across two processes.
const { tokens, contracts } = inject("fixtures");
const OWNER = "hum_acme_owner";

async function latestCursor(): Promise<number> {
  const client = await db();
  return (await client.event.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0;
}

/** A pending milestone_fund approval on a fresh milestone (its payment.pending event is already committed). */
async function pendingFunding(): Promise<string> {
  const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
    description: "long poll work",
    amountUsd: 12,
  });
  const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
  expect(fund.status).toBe(202);
  return fund.body.approval.id;
}

/** Resolves once `condition` holds (the hold is registered, a wake was handled); never stands in for time logic. */
async function until(condition: () => boolean, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A poll in flight, with whether it has answered yet. */
function poll(path: string, token = tokens.full, signal?: AbortSignal) {
  const state: { answer: ApiResponse | null; done: Promise<ApiResponse> } = { answer: null, done: null! };
  state.done = api("GET", path, { token, signal }).then((res) => (state.answer = res));
  return state;
}

/** The clock, moved forward by `seconds` from now (and frozen there). */
function moveClock(seconds: number) {
  const at = new Date(Date.now() + seconds * 1000);
  setClock(() => at);
}

async function mintToken(scopes: string[]): Promise<string> {
  const res = await post(`/tokens`, tokens.full, { name: `long poll ${scopes.join(" ")}`, scopes });
  expect(res.status).toBe(201);
  return res.body.accessToken;
}

beforeEach(() => resetClock());
afterEach(async () => {
  resetClock();
  delete process.env.LONG_POLL_MAX_WAITS_PER_TOKEN;
  resetEnvCache();
  // No test leaves a poll held for the next one.
  expect(heldPollCount()).toBe(0);
});

describe(`GET /updates?wait= on ${ENGINE}`, () => {
  it("refuses a wait that is not a whole number of seconds from 0 to 30: 400 on field wait", async () => {
    for (const wait of ["31", "-1", "1.5", "abc", "", "100", " 5", "0x1"]) {
      const res = await get(`/updates?wait=${encodeURIComponent(wait)}`, tokens.full);
      expectError(res, 400, "BAD_REQUEST", { field: "wait" });
      expect(res.body.error).toBe('Invalid query parameter "wait": must be a whole number of seconds from 0 to 30');
    }
  });

  it("answers at once when events are already past the cursor, and with wait=0 as a plain poll", async () => {
    const cursor = await latestCursor();
    await pendingFunding();
    const res = await get(`/updates?wait=30&cursor=${cursor}`, tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(["payment.pending"]);
    const none = await get(`/updates?wait=0&cursor=${await latestCursor()}`, tokens.full);
    expect(none.body).toEqual({ events: [], nextCursor: String(await latestCursor()), hasMore: false });
  });

  it("with nothing happening, holds until the wait ends on the clock, then answers no events and the same cursor", async () => {
    const cursor = await latestCursor();
    const held = poll(`/updates?wait=30&cursor=${cursor}`);
    await until(() => heldPollCount() === 1, "the poll to be held");
    moveClock(29);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held.answer).toBeNull();
    moveClock(30);
    const res = await held.done;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ events: [], nextCursor: String(cursor), hasMore: false });
  });

  it("is woken by the commit of a human's confirmation and answers with its events", async () => {
    const approvalId = await pendingFunding();
    const cursor = await latestCursor();
    const held = poll(`/updates?wait=30&cursor=${cursor}`);
    await until(() => heldPollCount() === 1, "the poll to be held");
    expect((await confirmApproval({ approvalId, humanId: OWNER })).outcome).toBe("confirmed");
    const res = await held.done;
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      "milestone.status_changed",
      "approval.confirmed",
    ]);
    expect(res.body.events[1].data).toEqual({ approvalId, status: "confirmed", type: "milestone_fund" });
    expect(res.body.nextCursor).toBe(res.body.events[1].id);
  });

  it("is woken by a new approval (the direct writer's commit)", async () => {
    const held = poll(`/updates?wait=30&cursor=${await latestCursor()}`);
    await until(() => heldPollCount() === 1, "the poll to be held");
    await pendingFunding();
    const res = await held.done;
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(["payment.pending"]);
  });

  it("answers one read for many polls from the same cursor, each with the same page", async () => {
    const approvalId = await pendingFunding();
    const cursor = await latestCursor();
    process.env.LONG_POLL_MAX_WAITS_PER_TOKEN = "100";
    resetEnvCache();
    const polls = Array.from({ length: 25 }, () => poll(`/updates?wait=30&cursor=${cursor}`));
    await until(() => heldPollCount() === 25, "25 polls to be held");
    await confirmApproval({ approvalId, humanId: OWNER });
    const answers = await Promise.all(polls.map((p) => p.done));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0].body.events).toHaveLength(2);
  });

  it("does not wake a token into an answer with an event type it cannot read: it keeps waiting, then answers empty", async () => {
    const proposalsOnly = await mintToken(["proposals:read"]);
    const approvalId = await pendingFunding();
    const cursor = await latestCursor();
    const blind = poll(`/updates?wait=30&cursor=${cursor}`, proposalsOnly);
    const seeing = poll(`/updates?wait=30&cursor=${cursor}`);
    await until(() => heldPollCount() === 2, "both polls to be held");
    await confirmApproval({ approvalId, humanId: OWNER });
    // The confirmation's events are all payments:read types: the full token answers, the other keeps waiting.
    expect((await seeing.done).body.events).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(blind.answer).toBeNull();
    expect(heldPollCount()).toBe(1);
    moveClock(31);
    expect((await blind.done).body).toEqual({ events: [], nextCursor: String(cursor), hasMore: false });
  });

  it("releases the hold at once when the client disconnects", async () => {
    const controller = new AbortController();
    const held = poll(`/updates?wait=30&cursor=${await latestCursor()}`, tokens.full, controller.signal);
    await until(() => heldPollCount() === 1, "the poll to be held");
    controller.abort();
    await until(() => heldPollCount() === 0, "the hold to be released", 1_000);
    await held.done;
  });

  it("caps the polls one token holds at once: one more is 429 RATE_LIMITED with Retry-After; a freed slot is taken again", async () => {
    process.env.LONG_POLL_MAX_WAITS_PER_TOKEN = "2";
    resetEnvCache();
    const cursor = await latestCursor();
    const controllers = [new AbortController(), new AbortController()];
    const held = controllers.map((c) => poll(`/updates?wait=30&cursor=${cursor}`, tokens.full, c.signal));
    await until(() => heldPollCount() === 2, "two polls to be held");
    const refused = await get(`/updates?wait=30&cursor=${cursor}`, tokens.full);
    expectError(refused, 429, "RATE_LIMITED", { retryAfterSeconds: 30 });
    expect(refused.body.error).toBe(
      "This token already holds 2 long polls open. Retry after 30 s, or poll without wait.",
    );
    expect(refused.headers.get("retry-after")).toBe("30");
    // Another token of the same account has slots of its own; a poll without wait is never capped.
    expect((await get(`/updates?wait=0&cursor=${cursor}`, tokens.full)).status).toBe(200);
    const other = poll(`/updates?wait=30&cursor=${cursor}`, tokens.noPaymentsWrite);
    await until(() => heldPollCount() === 3, "the other token's poll to be held");
    controllers[0].abort();
    await until(() => heldPollCount() === 2, "the slot to be freed");
    const third = new AbortController();
    const again = poll(`/updates?wait=30&cursor=${cursor}`, tokens.full, third.signal);
    await until(() => heldPollCount() === 3, "a poll to take the freed slot");
    controllers[1].abort();
    third.abort();
    moveClock(31);
    await Promise.all([...held, other, again].map((p) => p.done));
  });

  it.skipIf(ENGINE !== "postgres")(
    "PostgreSQL: after the LISTEN connection is cut, it reconnects and a held poll is still answered",
    async () => {
      const approvalId = await pendingFunding();
      const cursor = await latestCursor();
      const held = poll(`/updates?wait=30&cursor=${cursor}`);
      await until(() => heldPollCount() === 1, "the poll to be held");
      const client = await db();
      const listeners = () =>
        client.$queryRawUnsafe<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
          LISTEN_APPLICATION_NAME,
        );
      const [before] = await listeners();
      expect(before).toBeDefined();
      await client.$queryRawUnsafe(`SELECT pg_terminate_backend(${Number(before.pid)})`);
      // Committed while nobody listens, or just after: either the notification or the reconnect's re-read finds it.
      await confirmApproval({ approvalId, humanId: OWNER });
      const res = await held.done;
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        "milestone.status_changed",
        "approval.confirmed",
      ]);
      // The old backend may take a moment to leave pg_stat_activity; one new LISTEN connection replaces it.
      const deadline = Date.now() + 5_000;
      let after = await listeners();
      while (!(after.length === 1 && after[0].pid !== before.pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await listeners();
      }
      expect(after).toHaveLength(1);
      expect(after[0].pid).not.toBe(before.pid);
    },
  );
});
