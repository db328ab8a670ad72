import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { resetClock, setClock } from "@/lib/clock";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { emitEvents } from "@/lib/events/emit-events";
import { createWebhookWorker } from "@/lib/webhooks/delivery-worker";
import { pruneWebhookDeliveries } from "@/lib/webhooks/prune-deliveries";
import { setResolverForTests } from "@/lib/webhooks/target-policy";
import { api, get, post } from "../support/api";
import { expectError } from "../support/expect-error";
import { startReceiver, type Received, type Receiver } from "../support/webhook-receiver";

// The secret box's key comes from AUTH_SECRET, which the integration harness does not set.
process.env.AUTH_SECRET ??= "test-only-webhooks-secret-0000000000";

const { tokens, milestones } = inject("fixtures");
const del = (path: string, token: string) => api("DELETE", path, { token });
const WEBHOOK_KEYS = ["createdAt", "disabledAt", "disabledReason", "eventTypes", "id", "status", "url"];
const ALL_TYPES = [
  "approval.confirmed",
  "milestone.status_changed",
  "payment.pending",
  "contract.created",
  "contract.ended",
];

let clockOffset = 0;
function moveClock(ms: number) {
  clockOffset += ms;
  setClock(() => new Date(Date.now() + clockOffset));
}

/** Production's target rules; loopback allowed or not. */
function production({ allowLoopback }: { allowLoopback: boolean }) {
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("WEBHOOK_ALLOW_LOOPBACK", allowLoopback ? "true" : "false");
  resetEnvCache();
}

const receivers: Receiver[] = [];
async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  clockOffset = 0;
  resetClock();
  setResolverForTests(null);
  vi.unstubAllEnvs();
  resetEnvCache();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  const client = await db();
  await client.webhook.deleteMany({});
});

/** Independent of lib/webhooks: the check a receiver would write from the contract's words. */
function verifySignature(received: Received, secret: string) {
  const header = String(received.headers["x-opentrain-signature"]);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const expected = createHmac("sha256", secret).update(`${match![1]}.${received.body}`).digest();
  expect(timingSafeEqual(expected, Buffer.from(match![2], "hex"))).toBe(true);
  return Number(match![1]);
}

async function createHook(url: string, eventTypes: string[] = ALL_TYPES, token = tokens.full) {
  const res = await post("/webhooks", token, { url, eventTypes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { webhook: { id: string }; secret: string };
}

/** Events through the real emission path (the one every service commits its events with). */
async function emit(count: number, type: "contract.created" | "payment.pending" = "payment.pending") {
  const client = await db();
  await client.$transaction((tx) =>
    emitEvents(
      tx,
      Array.from({ length: count }, (_, i) => ({
        accountId: "org_acme",
        type,
        resourceId: `res_${i}`,
        data: { n: i },
      })),
    ),
  );
}

const deliveriesOf = async (webhookId: string) =>
  (await db()).webhookDelivery.findMany({ where: { webhookId }, orderBy: { eventId: "asc" } });

describe("the webhooks endpoints", () => {
  it("201 with the secret once; GET lists and reads it without the secret; DELETE → {webhook, deleted}, then 404", async () => {
    const res = await post("/webhooks", tokens.full, {
      url: "https://hooks.example.com/opentrain",
      eventTypes: ["approval.confirmed", "approval.confirmed", "payment.pending"],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["message", "secret", "webhook"]);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(res.body.webhook).toEqual({
      id: expect.stringMatching(/^wh_[A-Za-z0-9]{20}$/),
      url: "https://hooks.example.com/opentrain",
      eventTypes: ["approval.confirmed", "payment.pending"],
      status: "ACTIVE",
      createdAt: expect.any(String),
      disabledAt: null,
      disabledReason: null,
    });
    const id = res.body.webhook.id;
    const list = await get("/webhooks", tokens.full);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ webhooks: [res.body.webhook] });
    const one = await get(`/webhooks/${id}`, tokens.full);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ webhook: res.body.webhook });
    expect(Object.keys(one.body.webhook).sort()).toEqual(WEBHOOK_KEYS);
    // Stored sealed: neither the answers after creation nor the row hold the secret.
    const row = await (await db()).webhook.findUniqueOrThrow({ where: { id } });
    for (const text of [JSON.stringify(list.body), JSON.stringify(one.body), JSON.stringify(row)])
      expect(text).not.toContain(res.body.secret.slice(6));

    const deleted = await del(`/webhooks/${id}`, tokens.full);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ webhook: res.body.webhook, deleted: true });
    expectError(await get(`/webhooks/${id}`, tokens.full), 404, "NOT_FOUND", { resource: "webhooks", webhookId: id });
    expectError(await del(`/webhooks/${id}`, tokens.full), 404, "NOT_FOUND", { resource: "webhooks", webhookId: id });
  });

  it("401 without a token; 403 without webhooks:manage; 403 with the feature off; 404 for another account's", async () => {
    const body = { url: "https://hooks.example.com/x", eventTypes: ["payment.pending"] };
    expectError(await post("/webhooks", undefined, body), 401, "UNAUTHORIZED", {});
    expectError(await get("/webhooks", "ot_pat_nope_nope"), 401, "UNAUTHORIZED", {});
    expectError(await post("/webhooks", tokens.featureOff, body), 403, "FORBIDDEN", {
      requiredScopes: ["webhooks:manage"],
      grantedScopes: ["payments:read", "payments:write"],
    });
    // Globex's token holds every scope, but Globex has no public_api_webhooks.
    expectError(await post("/webhooks", tokens.otherAccount, body), 403, "FORBIDDEN", {
      featureKey: "public_api_webhooks",
    });
    expectError(await get("/webhooks", tokens.otherAccount), 403, "FORBIDDEN", { featureKey: "public_api_webhooks" });

    const { webhook } = await createHook("https://hooks.example.com/acme");
    await (await db()).accountFeature.create({ data: { accountId: "org_globex", key: "public_api_webhooks" } });
    const notYours = { resource: "webhooks", webhookId: webhook.id };
    expectError(await get(`/webhooks/${webhook.id}`, tokens.otherAccount), 404, "NOT_FOUND", notYours);
    expectError(await del(`/webhooks/${webhook.id}`, tokens.otherAccount), 404, "NOT_FOUND", notYours);
    expect((await get("/webhooks", tokens.otherAccount)).body).toEqual({ webhooks: [] });
    expect((await get(`/webhooks/${webhook.id}`, tokens.full)).status).toBe(200);
    expectError(await get("/webhooks/not%20an%20id", tokens.full), 400, "BAD_REQUEST", { field: "webhookId" });
  });

  it("403 for an event type the token cannot read; 400 for unknown types and refused URLs", async () => {
    const minted = await post("/tokens", tokens.full, { scopes: ["webhooks:manage", "proposals:read"] });
    const narrow = minted.body.accessToken;
    expectError(
      await post("/webhooks", narrow, { url: "https://h.example.com/", eventTypes: ["payment.pending"] }),
      403,
      "FORBIDDEN",
      {
        requiredScopes: ["payments:read"],
        grantedScopes: ["webhooks:manage", "proposals:read"],
      },
    );
    expect(
      (await post("/webhooks", narrow, { url: "https://h.example.com/", eventTypes: ["contract.created"] })).status,
    ).toBe(201);

    expectError(
      await post("/webhooks", tokens.full, { url: "https://h.example.com/", eventTypes: ["nope"] }),
      400,
      "BAD_REQUEST",
      {
        field: "eventTypes",
        unknownEventTypes: ["nope"],
        supportedEventTypes: ALL_TYPES,
      },
    );
    const refused = async (url: string) =>
      expectError(await post("/webhooks", tokens.full, { url, eventTypes: ["payment.pending"] }), 400, "BAD_REQUEST", {
        field: "url",
      });
    await refused("http://hooks.example.com/plain-http");
    await refused("ftp://hooks.example.com/");
    await refused("not a url");
    await refused("https://user:pass@hooks.example.com/");
    await refused(`https://hooks.example.com/${"a".repeat(2048)}`);
    expectError(await post("/webhooks", tokens.full, { eventTypes: ["payment.pending"] }), 400, "BAD_REQUEST", {
      field: "url",
    });
    expectError(
      await post("/webhooks", tokens.full, { url: "https://h.example.com/", eventTypes: [] }),
      400,
      "BAD_REQUEST",
      {
        field: "eventTypes",
      },
    );
    // http is fine for a loopback host.
    expect(
      (await post("/webhooks", tokens.full, { url: "http://localhost:9/x", eventTypes: ["payment.pending"] })).status,
    ).toBe(201);
  });

  it("at most 10 per account, also under 14 concurrent creations: 409 webhook_limit_reached", async () => {
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        post("/webhooks", tokens.full, { url: `https://hooks.example.com/${i}`, eventTypes: ["payment.pending"] }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    for (const res of results.filter((r) => r.status !== 201))
      expectError(res, 409, "CONFLICT", { reason: "webhook_limit_reached", limit: 10 });
    expect((await get("/webhooks", tokens.full)).body.webhooks).toHaveLength(10);
  });
});

describe("SSRF: targets refused in production", () => {
  it("refuses private, loopback (without the flag), link-local and mapped addresses, literal or resolved", async () => {
    production({ allowLoopback: false });
    setResolverForTests(async (name) => {
      if (name === "intranet.example") return [{ address: "10.1.2.3", family: 4 }];
      if (name === "mixed.example")
        return [
          { address: "93.184.216.34", family: 4 },
          { address: "fd12::1", family: 6 },
        ];
      if (name === "public.example") return [{ address: "93.184.216.34", family: 4 }];
      throw new Error("ENOTFOUND");
    });
    const refused = async (url: string, says: string) => {
      const res = await post("/webhooks", tokens.full, { url, eventTypes: ["payment.pending"] });
      expectError(res, 400, "BAD_REQUEST", { field: "url" });
      expect(res.body.error).toContain(says);
    };
    await refused("http://127.0.0.1:8080/hook", "loopback");
    await refused("http://localhost:8080/hook", "does not resolve");
    await refused("https://[::1]/hook", "loopback");
    await refused("https://[::ffff:127.0.0.1]/hook", "loopback");
    await refused("https://10.0.0.5/hook", "private");
    await refused("https://192.168.1.1/hook", "private");
    await refused("https://172.16.0.1/hook", "private");
    await refused("https://[fd00::1]/hook", "private");
    await refused("https://[::ffff:10.0.0.1]/hook", "private");
    await refused("https://169.254.169.254/latest/meta-data", "link-local");
    await refused("https://[fe80::1]/hook", "link-local");
    await refused("https://intranet.example/hook", "private");
    await refused("https://mixed.example/hook", "private");
    await refused("https://nowhere.example/hook", "does not resolve");
    expect(
      (await post("/webhooks", tokens.full, { url: "https://public.example/h", eventTypes: ["payment.pending"] }))
        .status,
    ).toBe(201);
    expect(
      (await post("/webhooks", tokens.full, { url: "https://93.184.216.34/h", eventTypes: ["payment.pending"] }))
        .status,
    ).toBe(201);

    production({ allowLoopback: true });
    expect(
      (await post("/webhooks", tokens.full, { url: "http://127.0.0.1:8080/h", eventTypes: ["payment.pending"] }))
        .status,
    ).toBe(201);
    await refused("https://10.0.0.5/hook", "private");
  });

  it("a name that resolved to a public address at creation and resolves to 127.0.0.1 at delivery is not connected to", async () => {
    production({ allowLoopback: false });
    const target = await receiver();
    let answer = "93.184.216.34";
    setResolverForTests(async () => [{ address: answer, family: 4 }]);
    const { webhook } = await createHook(`https://rebind.example:${target.port}/hook`);
    await emit(1);
    answer = "127.0.0.1";
    expect(await createWebhookWorker().tick()).toEqual({ fannedOut: 1, attempted: 1 });
    expect(target.connections()).toBe(0);
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toContain("loopback address (127.0.0.1)");
  });
});

describe("delivery from the outbox", () => {
  it("POSTs each event once, as exactly its /updates record, signed so an independent check verifies it", async () => {
    production({ allowLoopback: true });
    await emit(1); // before the webhook: not delivered
    const target = await receiver();
    const { webhook, secret } = await createHook(target.url, ["payment.pending", "approval.confirmed"]);
    const fund = await post(`/milestones/${milestones.notFunded}/fund`, tokens.full);
    expect(fund.status).toBe(202);
    expect((await post(`/approvals/${fund.body.approval.id}/cancel`, tokens.full)).status).toBe(200);
    await emit(1, "contract.created"); // a type it did not ask for
    // Nothing is sent by the requests themselves: delivery is the worker's.
    expect(target.received).toHaveLength(0);

    const worker = createWebhookWorker();
    expect(await worker.tick()).toEqual({ fannedOut: 2, attempted: 2 });
    expect(await worker.tick()).toEqual({ fannedOut: 0, attempted: 0 });
    expect(target.received).toHaveLength(2);

    const feed = await get("/updates?limit=100", tokens.full);
    const rows = await deliveriesOf(webhook.id);
    for (const received of target.received) {
      const record = JSON.parse(received.body);
      const fromFeed = feed.body.events.find((e: { id: string }) => e.id === record.id);
      expect(record).toEqual(fromFeed);
      expect(received.body).toBe(JSON.stringify(fromFeed));
      const delivery = rows.find((row) => String(row.eventId) === record.id)!;
      expect(received.headers).toMatchObject({
        "content-type": "application/json",
        "user-agent": "OpenTrain-Webhooks/1.0",
        "x-opentrain-event": record.type,
        "x-opentrain-delivery": delivery.id,
      });
      const t = verifySignature(received, secret);
      expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
      expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 1, lastStatusCode: 200 });
    }
    // Sent at once, so they may arrive in either order; each body carries its event id.
    const byId = target.received.map((r) => JSON.parse(r.body)).sort((x, y) => Number(x.id) - Number(y.id));
    expect(byId.map((record) => record.type)).toEqual(["payment.pending", "approval.confirmed"]);
    // A wrong secret does not verify: the check above can fail.
    expect(() => verifySignature(target.received[0], "whsec_wrong")).toThrow();
  });

  it("retries a failing receiver with backoff and the same delivery id; the first retry comes within a minute", async () => {
    production({ allowLoopback: true });
    const target = await receiver((_, i) => (i < 2 ? 503 : 200));
    const { webhook, secret } = await createHook(target.url);
    await emit(1);
    const worker = createWebhookWorker();
    await worker.tick();
    expect(target.received).toHaveLength(1);
    let [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 503 });
    const wait = delivery.nextAttemptAt.getTime() - delivery.lastAttemptAt!.getTime();
    expect(wait).toBeGreaterThanOrEqual(22_000);
    expect(wait).toBeLessThanOrEqual(38_000);
    await worker.tick(); // not due yet
    expect(target.received).toHaveLength(1);

    moveClock(40_000);
    await worker.tick();
    moveClock(80_000);
    await worker.tick();
    expect(target.received).toHaveLength(3);
    const ids = target.received.map((r) => r.headers["x-opentrain-delivery"]);
    expect(new Set(ids)).toEqual(new Set([delivery.id]));
    const stamps = target.received.map((r) => verifySignature(r, secret));
    expect(stamps[2] - stamps[0]).toBeGreaterThanOrEqual(120);
    [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastStatusCode: 200 });
    expect((await (await db()).webhook.findUniqueOrThrow({ where: { id: webhook.id } })).consecutiveFailures).toBe(0);
  });

  it("a timeout and a refused connection are retried too", async () => {
    production({ allowLoopback: true });
    const target = await receiver((_, i) => (i === 0 ? "hang" : 200));
    const { webhook } = await createHook(target.url);
    await emit(1);
    await createWebhookWorker({ timeoutMs: 300 }).tick();
    let [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toContain("No answer within");
    await target.close();
    moveClock(60_000);
    await createWebhookWorker().tick();
    [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 2, lastStatusCode: null });
    expect(delivery.lastError).toContain("Connection failed");
  });

  it("a receiver that always fails is disabled after 10 attempts in a row, and then gets nothing", async () => {
    production({ allowLoopback: true });
    const target = await receiver(() => 500);
    const { webhook } = await createHook(target.url);
    await emit(1);
    const worker = createWebhookWorker();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const read = await get(`/webhooks/${webhook.id}`, tokens.full);
      expect(read.body.webhook.status).toBe("ACTIVE");
      await worker.tick();
      expect(target.received).toHaveLength(attempt);
      moveClock(2 * 60 * 60_000);
    }
    const read = await get(`/webhooks/${webhook.id}`, tokens.full);
    expect(read.body.webhook).toMatchObject({
      status: "DISABLED",
      disabledAt: expect.any(String),
      disabledReason: "Disabled after repeated delivery failures",
    });
    await emit(1);
    await worker.tick();
    moveClock(2 * 60 * 60_000);
    await worker.tick();
    expect(target.received).toHaveLength(10);
    const rows = await deliveriesOf(webhook.id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["FAILED", 10]]);
  });

  it("survives a restart mid-attempt and mid-retry: the delivery completes with the same id", async () => {
    production({ allowLoopback: true });
    const target = await receiver((_, i) => (i === 0 ? "hang" : i === 1 ? 503 : 200));
    const { webhook } = await createHook(target.url);
    await emit(1);
    // Worker A claims the attempt and dies while the receiver holds the request.
    const a = createWebhookWorker();
    a.start();
    await target.waitFor(1);
    await a.stop();
    await disconnectDb();
    let [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1 });

    // Worker B (a fresh client, as a new process would have): the lease still holds, then it has run out.
    const b = createWebhookWorker();
    await b.tick();
    expect(target.received).toHaveLength(1);
    moveClock(31_000);
    await b.tick();
    expect(target.received).toHaveLength(2);
    [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 2, lastStatusCode: 503 });

    // Stopped between retries: the retry is in the database, and worker C sends it.
    await disconnectDb();
    moveClock(76_000); // past the second retry's delay: 60 s ± 25 %
    await createWebhookWorker().tick();
    expect(target.received).toHaveLength(3);
    [delivery] = await deliveriesOf(webhook.id);
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastStatusCode: 200 });
    expect(new Set(target.received.map((r) => r.headers["x-opentrain-delivery"]))).toEqual(new Set([delivery.id]));
  });

  it("finished deliveries older than the retention (30 days) are deleted; a retry still owed is kept however old", async () => {
    production({ allowLoopback: true });
    const answers = new Map<string, number>(); // event id → the receiver's status; 200 when not set
    const target = await receiver((r) => answers.get(JSON.parse(r.body).id) ?? 200);
    const { webhook } = await createHook(target.url);
    const client = await db();
    const newestEvents = async (count: number) =>
      (await client.event.findMany({ orderBy: { id: "desc" }, take: count, select: { id: true } }))
        .map((event) => event.id)
        .reverse();
    await emit(3);
    const [succeeded, failed, owed] = await newestEvents(3);
    answers.set(String(failed), 400);
    answers.set(String(owed), 503);
    await createWebhookWorker().tick();
    const statuses = async () =>
      Object.fromEntries((await deliveriesOf(webhook.id)).map((row) => [row.eventId, row.status]));
    expect(await statuses()).toEqual({ [succeeded]: "SUCCEEDED", [failed]: "FAILED", [owed]: "PENDING" });

    moveClock(31 * 24 * 60 * 60 * 1000);
    await emit(1);
    const [today] = await newestEvents(1);
    await createWebhookWorker().tick(); // today's is delivered; the owed retry is due again: 503, still owed
    expect(await statuses()).toEqual({
      [succeeded]: "SUCCEEDED",
      [failed]: "FAILED",
      [owed]: "PENDING",
      [today]: "SUCCEEDED",
    });
    vi.stubEnv("WEBHOOK_DELIVERY_RETENTION_DAYS", "40");
    resetEnvCache();
    expect(await pruneWebhookDeliveries()).toBe(0);
    vi.stubEnv("WEBHOOK_DELIVERY_RETENTION_DAYS", "30");
    resetEnvCache();
    expect(await pruneWebhookDeliveries()).toBe(2);
    expect(await statuses()).toEqual({ [owed]: "PENDING", [today]: "SUCCEEDED" });
    expect(await pruneWebhookDeliveries()).toBe(0);
  });

  it("a webhook ends with the token that created it: revoked → DISABLED with its owed retry failed; expired → DISABLED", async () => {
    production({ allowLoopback: true });
    const target = await receiver(() => 503);
    const mint = async (expiresAt?: string) => {
      const res = await post("/tokens", tokens.full, {
        name: "webhook maker",
        scopes: ["webhooks:manage", "payments:read"],
        ...(expiresAt ? { expiresAt } : {}),
      });
      expect(res.status).toBe(201);
      return res.body as { token: { id: string }; accessToken: string };
    };
    const revoked = await mint();
    const { webhook } = await createHook(target.url, ["payment.pending"], revoked.accessToken);
    const worker = createWebhookWorker();
    await emit(1);
    await worker.tick();
    expect(target.received).toHaveLength(1);
    expect((await deliveriesOf(webhook.id))[0]).toMatchObject({ status: "PENDING", attempts: 1 });

    expect((await del(`/tokens/${revoked.token.id}`, tokens.full)).status).toBe(200);
    moveClock(60_000); // the retry is due
    await emit(1);
    expect(await worker.tick()).toEqual({ fannedOut: 0, attempted: 0 });
    expect(target.received).toHaveLength(1);
    const read = await get(`/webhooks/${webhook.id}`, tokens.full);
    expect(read.body.webhook).toMatchObject({
      status: "DISABLED",
      disabledReason: "Disabled because the API token that created it was revoked or has expired",
    });
    expect(read.body.webhook.disabledAt).not.toBeNull();
    expect((await deliveriesOf(webhook.id)).map((d) => d.status)).toEqual(["FAILED"]);

    const expiring = await mint(new Date(Date.now() + clockOffset + 24 * 60 * 60 * 1000).toISOString());
    const second = await createHook(target.url, ["payment.pending"], expiring.accessToken);
    await worker.tick();
    expect((await get(`/webhooks/${second.webhook.id}`, tokens.full)).body.webhook.status).toBe("ACTIVE");
    moveClock(25 * 60 * 60 * 1000);
    await emit(1);
    await worker.tick();
    expect(target.received).toHaveLength(1);
    expect((await get(`/webhooks/${second.webhook.id}`, tokens.full)).body.webhook.status).toBe("DISABLED");
  });

  it("a running worker is woken by the commit: it delivers at once, not after its idle period", async () => {
    production({ allowLoopback: true });
    const target = await receiver();
    await createHook(target.url);
    // An idle period far longer than the wait below: only the commit's wake can make the delivery happen in time.
    const worker = createWebhookWorker({ idleMs: 60_000 });
    worker.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // its first round has found nothing and it waits
      await emit(1);
      const deadline = Date.now() + 5_000;
      while (target.received.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(target.received).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });

  it("two workers running at once never send the same attempt twice", async () => {
    production({ allowLoopback: true });
    const target = await receiver();
    const { webhook } = await createHook(target.url);
    await emit(60);
    const one = createWebhookWorker({ concurrency: 7 });
    const two = createWebhookWorker({ concurrency: 7 });
    const drain = async (worker: typeof one) => {
      for (let i = 0; i < 40; i++) {
        const result = await worker.tick();
        if (result.attempted === 0 && result.fannedOut === 0) break;
      }
    };
    await Promise.all([drain(one), drain(two), drain(one), drain(two)]);
    const ids = target.received.map((r) => String(r.headers["x-opentrain-delivery"]));
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    const rows = await deliveriesOf(webhook.id);
    expect(rows.every((r) => r.status === "SUCCEEDED" && r.attempts === 1)).toBe(true);
  });
});
