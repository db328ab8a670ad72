import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { dropDatabase, ENGINE } from "../support/databases";
import { freePort, prepareServerDatabase, TestServer, type DemoFixtures } from "../support/server";

// Issue 15's "two processes never deliver the same attempt twice", with real processes: two production servers
// (scripts/serve.mjs) on ONE PostgreSQL database, each running its own webhook delivery worker (background work on,
// the default), deliver one webhook's events to a receiver here. The events are made through the API of both
// servers. The first attempt of a few deliveries is answered 503, so retries are claimed and sent as well (the
// servers' clock is moved past the retry time instead of sleeping). Each request the receiver gets is pinned to the
// server process whose socket sent it (Linux /proc), so the test can show that the work was shared.
//
// PostgreSQL only: SQLite is one file for one process (the claim there has no row locks to test).

/** Milestones made (and funded, then cancelled) through each server: two events each, payment.pending and approval.confirmed. */
const MILESTONES_PER_SERVER = 16;
const EVENTS = 2 * 2 * MILESTONES_PER_SERVER;
/**
 * Deliveries whose first attempt is answered 503. Fewer than MAX_CONSECUTIVE_FAILURES (10): each failure counts
 * toward disabling the webhook, a success resets the count, and a disabled webhook's retries end FAILED.
 */
const FAILING_FIRST_ATTEMPTS = 8;
/**
 * Every answer is held this long: a worker then keeps its attempts in flight a while, and with more deliveries
 * than one worker's 50 slots (EVENTS > 50) one process cannot take them all at once. Under the 10 s timeout.
 */
const HOLD_MS = 2_500;
/** Past the longest first retry delay (30 s + 25 %). */
const CLOCK_STEP_MS = 45_000;

type Request = {
  deliveryId: string;
  eventId: string;
  /** The server process whose socket sent it. */
  pid: number | undefined;
  status: number;
  /** Another request for the same delivery was still unanswered when this one arrived. */
  overlapped: boolean;
};

/**
 * The pid of the process holding the client end of a loopback TCP connection from `clientPort` to `serverPort`:
 * /proc/net/tcp names the socket's inode, and a process's /proc/<pid>/fd links to socket:[inode].
 */
function pidOfClientSocket(clientPort: number, serverPort: number, pids: number[]): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  const local = `0100007F:${hex(clientPort)}`;
  const remote = `0100007F:${hex(serverPort)}`;
  const line = fs
    .readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((row) => row.trim().split(/\s+/))
    .find((fields) => fields[1] === local && fields[2] === remote);
  if (!line) return undefined;
  const link = `socket:[${line[9]}]`;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/**
 * The receiver: the first attempt of the first FAILING_FIRST_ATTEMPTS deliveries it sees is answered 503, every
 * other request 200, each after HOLD_MS.
 */
async function startTwoProcessReceiver(pids: () => number[]) {
  const requests: Request[] = [];
  const unanswered = new Map<string, number>();
  const failing = new Set<string>();
  const seen = new Set<string>();
  const socketPid = new WeakMap<object, number | undefined>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const deliveryId = String(request.headers["x-opentrain-delivery"]);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string };
      const isFirst = !seen.has(deliveryId);
      seen.add(deliveryId);
      if (isFirst && failing.size < FAILING_FIRST_ATTEMPTS) failing.add(deliveryId);
      const status = isFirst && failing.has(deliveryId) ? 503 : 200;
      requests.push({
        deliveryId,
        eventId: body.id,
        pid: socketPid.get(request.socket),
        status,
        overlapped: (unanswered.get(deliveryId) ?? 0) > 0,
      });
      unanswered.set(deliveryId, (unanswered.get(deliveryId) ?? 0) + 1);
      setTimeout(() => {
        unanswered.set(deliveryId, unanswered.get(deliveryId)! - 1);
        response.writeHead(status, { "content-type": "text/plain" }).end("ok");
      }, HOLD_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // At connection time the sender's socket is certainly open: look up whose it is then.
  server.on("connection", (socket) => socketPid.set(socket, pidOfClientSocket(socket.remotePort!, port, pids())));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    failing,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it returns true, or fails with `what` after `ms`. */
async function until(what: string, ms: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(ENGINE !== "postgres")("webhook delivery by two server processes on one PostgreSQL", () => {
  let servers: TestServer[] = [];
  let fixtures: DemoFixtures;
  let databaseUrl: string;
  let receiver: Awaited<ReturnType<typeof startTwoProcessReceiver>>;

  beforeAll(async () => {
    ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_webhooks_two_${process.pid}`));
    process.env.DATABASE_URL = databaseUrl;
    resetEnvCache();
    receiver = await startTwoProcessReceiver(() => servers.map((s) => s.pid!));
    const env = { WEBHOOK_ALLOW_LOOPBACK: "true" };
    servers = [new TestServer(databaseUrl, await freePort(), env), new TestServer(databaseUrl, await freePort(), env)];
    await Promise.all(servers.map((server) => server.start()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await receiver?.close();
    for (const server of servers) fs.rmSync(server.clockFile, { force: true });
    await disconnectDb();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  async function call(server: TestServer, path: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/public/v1${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${fixtures.tokens.full}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  /** payment.pending, then approval.confirmed (cancelled), through this server's API. */
  async function fundAndCancel(server: TestServer, n: number) {
    const created = await call(server, `/contracts/${fixtures.contracts.active}/milestones`, {
      description: `two processes ${n}`,
      amountUsd: 3,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const fund = await call(server, `/milestones/${created.body.milestone.id}/fund`, {});
    expect(fund.status, JSON.stringify(fund.body)).toBe(202);
    const cancel = await call(server, `/approvals/${fund.body.approval.id}/cancel`, {});
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
  }

  it("each attempt is sent once, by one of the two processes, and both processes send", async () => {
    const [one, two] = servers;
    const created = await call(one, "/webhooks", {
      url: receiver.url,
      eventTypes: ["payment.pending", "approval.confirmed"],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const webhookId: string = created.body.webhook.id;
    const client = await db();
    const firstEventId = ((await client.event.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;

    // Four agents at once, two on each server.
    await Promise.all(
      [one, two, one, two].map(async (server, lane) => {
        for (let i = 0; i < MILESTONES_PER_SERVER / 2; i++) await fundAndCancel(server, lane * 100 + i);
      }),
    );
    const events = await client.event.findMany({ where: { id: { gte: firstEventId } }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(EVENTS);
    expect(events.every((e) => e.accountId === "org_acme")).toBe(true);

    const deliveries = () => client.webhookDelivery.findMany({ where: { webhookId } });
    // Every delivery made and its attempt answered and recorded: the failed ones wait for their retry, ~30 s on.
    await until("every first attempt recorded", 30_000, async () => {
      const rows = await deliveries();
      return rows.length === EVENTS && rows.every((r) => r.status === "SUCCEEDED" || r.lastStatusCode !== null);
    });
    // Once each, one at a time: a second claim of the same attempt would be a second request while the first is held.
    expect(receiver.requests.filter((r) => r.overlapped)).toEqual([]);
    expect(receiver.requests.map((r) => r.deliveryId).sort()).toEqual((await deliveries()).map((r) => r.id).sort());
    const afterFirst = await deliveries();
    expect(afterFirst.every((r) => r.attempts === 1)).toBe(true);
    expect(
      afterFirst
        .filter((r) => r.status === "PENDING")
        .map((r) => r.id)
        .sort(),
    ).toEqual([...receiver.failing].sort());
    expect(receiver.failing.size).toBe(FAILING_FIRST_ATTEMPTS);

    for (const server of servers) fs.writeFileSync(server.clockFile, String(CLOCK_STEP_MS));
    // Each worker looks again within its 5 s idle period.
    await until("every delivery succeeded", 30_000, async () =>
      (await deliveries()).every((r) => r.status === "SUCCEEDED"),
    );
    // Nothing late: a duplicate claim would still be on its way.
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 500));

    const rows = await deliveries();
    const { requests } = receiver;
    expect(rows).toHaveLength(EVENTS);
    expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(events.map((e) => e.id)));
    expect(requests.filter((r) => r.overlapped)).toEqual([]);
    for (const row of rows) {
      const mine = requests.filter((r) => r.deliveryId === row.id);
      // Each delivery was sent exactly as many times as it was claimed; a first attempt answered 503 once more.
      const expected = receiver.failing.has(row.id) ? [503, 200] : [200];
      expect({ id: row.id, statuses: mine.map((r) => r.status) }).toEqual({ id: row.id, statuses: expected });
      expect(row).toMatchObject({ status: "SUCCEEDED", attempts: expected.length, lastStatusCode: 200 });
      // One event per delivery id and one delivery id per event.
      expect(new Set(mine.map((r) => r.eventId))).toEqual(new Set([String(row.eventId)]));
    }
    expect(requests).toHaveLength(EVENTS + FAILING_FIRST_ATTEMPTS);
    const idsByEvent = new Map<string, Set<string>>();
    for (const r of requests) idsByEvent.set(r.eventId, (idsByEvent.get(r.eventId) ?? new Set()).add(r.deliveryId));
    expect([...idsByEvent.values()].filter((ids) => ids.size !== 1)).toEqual([]);

    // Every request came from one of the two server processes, and each of them sent some.
    const pids = servers.map((s) => s.pid!);
    expect(requests.filter((r) => r.pid === undefined || !pids.includes(r.pid))).toEqual([]);
    const perProcess = pids.map((pid) => requests.filter((r) => r.pid === pid).length);
    expect(
      perProcess.every((count) => count > 0),
      `requests per process: ${perProcess.join(", ")}`,
    ).toBe(true);
  });
});
