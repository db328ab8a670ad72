import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmApproval } from "@/lib/approvals/resolve-approval";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { dropDatabase, ENGINE } from "../support/databases";
import {
  freePort,
  postActionForm,
  prepareServerDatabase,
  readActionForm,
  signInSession,
  TestServer,
  type DemoFixtures,
} from "../support/server";
import { documentedBody, servedDocument } from "../support/served-responses";

// GET /updates?wait= against the production build (scripts/serve.mjs, what `npm start` runs), in real time. On
// PostgreSQL a commit in ANOTHER process — this test process — wakes the server's held poll through pg_notify and
// the server's LISTEN connection; on both engines a human's confirmation on the server's own page (a server action,
// another bundle of the same process) wakes it. One token may hold one poll at a time here (the cap).
let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_longpoll_${process.pid}`));
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  server = new TestServer(databaseUrl, await freePort(), { LONG_POLL_MAX_WAITS_PER_TOKEN: "1" });
  await server.start();
  // Fetched while the server is up: the SIGTERM test reads its last answer after the server has gone.
  await servedDocument(server.url);
});

afterAll(async () => {
  await server?.stop();
  await disconnectDb();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

/** One API call; its answer is held against the server's OpenAPI document (test/support/served-responses.ts). */
async function call(path: string, options: { method?: string; body?: unknown; signal?: AbortSignal } = {}) {
  const method = options.method ?? "GET";
  const res = await fetch(`${server.url}/api/public/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${fixtures.tokens.full}`, "content-type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  return { status: res.status, headers: res.headers, body: await documentedBody(method, res) };
}

async function latestCursor(): Promise<number> {
  return (await (await db()).event.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0;
}

async function pendingFunding(): Promise<string> {
  const created = await call(`/contracts/${fixtures.contracts.active}/milestones`, {
    method: "POST",
    body: { description: "long poll across processes", amountUsd: 7 },
  });
  const fund = await call(`/milestones/${created.body.milestone.id}/fund`, { method: "POST" });
  expect(fund.status).toBe(202);
  return fund.body.approval.id;
}

/** A poll, with the moment it answered. */
function poll(path: string, signal?: AbortSignal) {
  return call(path, { signal }).then((res) => ({ ...res, at: performance.now() }));
}

/** Gives the server time to register the hold: a poll it has not held yet could not prove the wake. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe(`long poll against the production server on ${ENGINE}`, () => {
  it("with nothing happening, answers after its wait with no events and the same cursor", async () => {
    const cursor = await latestCursor();
    const started = performance.now();
    const res = await poll(`/updates?wait=1&cursor=${cursor}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ events: [], nextCursor: String(cursor), hasMore: false });
    expect(res.at - started).toBeGreaterThanOrEqual(950);
    expect(res.at - started).toBeLessThan(5_000);
  });

  it("answers within a second of a human's confirmation on the server's page", async () => {
    const approvalId = await pendingFunding();
    const { cookie } = await signInSession(server.url, fixtures.humans[0].email, fixtures.humans[0].password);
    const fields = await readActionForm(server.url, cookie, approvalId, "confirm");
    const held = poll(`/updates?wait=30&cursor=${await latestCursor()}`);
    await settle();
    const confirm = await postActionForm(server.url, `/approvals/${approvalId}`, fields!, {
      cookie,
      origin: server.url,
    });
    const confirmedAt = performance.now();
    expect(confirm.status).toBeLessThan(400);
    const res = await held;
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      "milestone.status_changed",
      "approval.confirmed",
    ]);
    expect(res.at - confirmedAt).toBeLessThan(1_000);
  });

  it.skipIf(ENGINE !== "postgres")(
    "PostgreSQL: answers within a second of a confirmation committed in another process",
    async () => {
      const approvalId = await pendingFunding();
      const held = poll(`/updates?wait=30&cursor=${await latestCursor()}`);
      await settle();
      // This test process is the other process: its own Prisma client, its own transaction, its own pg_notify.
      expect((await confirmApproval({ approvalId, humanId: "hum_acme_owner" })).outcome).toBe("confirmed");
      const committedAt = performance.now();
      const res = await held;
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        "milestone.status_changed",
        "approval.confirmed",
      ]);
      expect(res.body.events[1].data).toEqual({ approvalId, status: "confirmed", type: "milestone_fund" });
      expect(res.at - committedAt).toBeLessThan(1_000);
    },
  );

  it("a client that disconnects frees its slot at once (the cap is 1 here: one more poll is 429)", async () => {
    const cursor = await latestCursor();
    const controller = new AbortController();
    const held = poll(`/updates?wait=30&cursor=${cursor}`, controller.signal).catch(() => "aborted");
    await settle();
    const refused = await call(`/updates?wait=30&cursor=${cursor}`);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("RATE_LIMITED");
    expect(refused.headers.get("retry-after")).toBe(String(refused.body.details.retryAfterSeconds));
    controller.abort();
    expect(await held).toBe("aborted");
    // The server sees the socket close and releases the hold: the slot is free again well within a second.
    const deadline = performance.now() + 1_000;
    let again = await call(`/updates?wait=1&cursor=${cursor}`);
    while (again.status === 429 && performance.now() < deadline) again = await call(`/updates?wait=1&cursor=${cursor}`);
    expect(again.status).toBe(200);
  });

  it("on SIGTERM a held poll answers at once (no events, same cursor) and the server exits", async () => {
    const cursor = await latestCursor();
    const held = poll(`/updates?wait=30&cursor=${cursor}`);
    await settle();
    const stopping = performance.now();
    await server.stop();
    const res = await held;
    expect(res.body).toEqual({ events: [], nextCursor: String(cursor), hasMore: false });
    expect(res.at - stopping).toBeLessThan(5_000);
  });
});
