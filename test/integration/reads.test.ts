import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { api, get, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens, milestones, contracts } = inject("fixtures");

describe("GET /approvals/{id}", () => {
  it("200 {approval} for the owner's token; works on payments:read without the write scope", async () => {
    const created = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const read = await get(`/approvals/${created.body.approval.id}`, tokens.noPaymentsWrite);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ approval: created.body.approval });
  });

  it("404 for another account's approval, exactly like a missing one; 400 for a malformed id", async () => {
    const created = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const id = created.body.approval.id;
    expectError(await get(`/approvals/${id}`, tokens.otherAccount), 404, "NOT_FOUND", {
      resource: "approvals",
      approvalId: id,
    });
    expectError(await get(`/approvals/apr_missing`, tokens.full), 404, "NOT_FOUND", {
      resource: "approvals",
      approvalId: "apr_missing",
    });
    expectError(await get(`/approvals/${encodeURIComponent("<script>")}`, tokens.full), 400, "BAD_REQUEST", {
      field: "approvalId",
    });
    // PostgreSQL refuses a NUL byte in any text parameter: it must never reach the query read with the token.
    expectError(await get(`/approvals/${encodeURIComponent("apr_\u0000x")}`, tokens.full), 400, "BAD_REQUEST", {
      field: "approvalId",
    });
  });

  it("works for an unclaimed account (payments:read is enough)", async () => {
    const res = await get(`/approvals/apr_missing`, tokens.unclaimed);
    expect(res.status).toBe(404);
  });
});

describe("GET /updates", () => {
  it("events oldest first after the cursor, with limit, nextCursor and hasMore", async () => {
    await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    await post(`/milestones/${milestones.notFunded}/fund`, tokens.full);
    const all = await get(`/updates`, tokens.full);
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual(["events", "hasMore", "nextCursor"]);
    const events = all.body.events;
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual([
        "apiVersion",
        "createdAt",
        "data",
        "id",
        "jobId",
        "resourceId",
        "type",
      ]);
      expect(event.apiVersion).toBe("v1");
      expect(event.id).toMatch(/^\d+$/);
    }
    const ids = events.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(events[0]).toMatchObject({
      type: "payment.pending",
      data: { type: "milestone_approve", milestoneId: milestones.activeFunded },
    });
    // Every field as stored: the feed splices stored JSON and converts timestamps without the ORM, so check it
    // against what Prisma reads back.
    const client = await db();
    const stored = await client.event.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(events).toEqual(
      stored.map((row) => ({
        id: String(row.id),
        type: row.type,
        apiVersion: "v1",
        createdAt: row.createdAt.toISOString(),
        resourceId: row.resourceId,
        jobId: row.jobId,
        data: JSON.parse(row.data),
      })),
    );

    const first = await get(`/updates?limit=1`, tokens.full);
    expect(first.body.events).toHaveLength(1);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.nextCursor).toBe(events[0].id);
    const rest = await get(`/updates?cursor=${first.body.nextCursor}&limit=100`, tokens.full);
    expect(rest.body.events.map((e: { id: string }) => e.id)).toEqual(events.slice(1).map((e: { id: string }) => e.id));
    expect(rest.body.hasMore).toBe(false);
    const empty = await get(`/updates?cursor=${rest.body.nextCursor}`, tokens.full);
    expect(empty.body).toEqual({ events: [], nextCursor: rest.body.nextCursor, hasMore: false });
  });

  it("never shows another account's events", async () => {
    await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const other = await get(`/updates?limit=100`, tokens.otherAccount);
    expect(other.status).toBe(200);
    for (const event of other.body.events) expect(JSON.stringify(event)).not.toContain("ms_acme");
  });

  it("filters by the token's scopes; 403 when it can read none", async () => {
    const { createApiToken } = await import("@/lib/auth/api-tokens");
    const client = await db();
    await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const proposalsOnly = await client.$transaction((tx) =>
      createApiToken(tx, { accountId: "org_acme", label: "p", scopes: ["proposals:read"] }),
    );
    const res = await get(`/updates?limit=100`, proposalsOnly.token);
    expect(res.status).toBe(200);
    for (const event of res.body.events) expect(["contract.created", "contract.ended"]).toContain(event.type);
    expect(res.body.events.some((e: { type: string }) => e.type === "payment.pending")).toBe(false);

    const messagesOnly = await client.$transaction((tx) =>
      createApiToken(tx, { accountId: "org_acme", label: "m", scopes: ["messages:read"] }),
    );
    expect((await get(`/updates?cursor=7`, messagesOnly.token)).body).toEqual({
      events: [],
      nextCursor: "7",
      hasMore: false,
    });

    const jobsOnly = await client.$transaction((tx) =>
      createApiToken(tx, { accountId: "org_acme", label: "j", scopes: ["jobs:read"] }),
    );
    expectError(await get(`/updates`, jobsOnly.token), 403, "FORBIDDEN", {
      requiredScopes: ["proposals:read", "messages:read", "payments:read"],
      grantedScopes: ["jobs:read"],
    });
  });

  it("400 with details.field for a bad cursor or limit", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["limit=1.5", "limit"],
      ["cursor=abc", "cursor"],
      ["cursor=-1", "cursor"],
    ]) {
      expectError(await get(`/updates?${query}`, tokens.full), 400, "BAD_REQUEST", { field });
    }
  });
});

describe("GET /contracts and /contracts/{id}", () => {
  it("lists the account's contracts with milestones in the contract's shape", async () => {
    const res = await get(`/contracts`, tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const ids = res.body.contracts.map((c: { id: string }) => c.id).sort();
    expect(ids).toEqual([contracts.active, contracts.ended, contracts.unfunded].sort());
    const active = res.body.contracts.find((c: { id: string }) => c.id === contracts.active);
    expect(Object.keys(active).sort()).toEqual(
      [
        "createdAt",
        "freelancer",
        "id",
        "jobId",
        "milestones",
        "paymentType",
        "proposalId",
        "rateUsd",
        "status",
        "title",
        "updatedAt",
      ].sort(),
    );
    expect(active).toMatchObject({
      status: "active",
      paymentType: "fixed",
      freelancer: { userId: "fl_maria", displayName: "Maria G.", country: "PT" },
    });
    const statuses = active.milestones.map((m: { status: string }) => m.status);
    for (const status of ["NOT_FUNDED", "ACTIVE_FUNDED", "COMPLETED", "CANCELLED", "REFUNDED"])
      expect(statuses).toContain(status);
    const funded = active.milestones.find((m: { id: string }) => m.id === milestones.activeFunded);
    expect(funded).toMatchObject({ amountUsd: 300, needsReview: true });
    const untouched = active.milestones.find((m: { id: string }) => m.id === "ms_acme_pairs_3");
    expect(untouched).toMatchObject({
      amountUsd: 125.5,
      needsReview: false,
      pendingApproval: false,
      status: "ACTIVE_FUNDED",
    });
  });

  it("pendingApproval turns true while an approval is pending", async () => {
    await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const res = await get(`/contracts/${contracts.active}`, tokens.full);
    const funded = res.body.contract.milestones.find((m: { id: string }) => m.id === milestones.activeFunded);
    expect(funded.pendingApproval).toBe(true);
  });

  it("filters by status and jobId; paginates with cursor and limit", async () => {
    const ended = await get(`/contracts?status=ended`, tokens.full);
    expect(ended.body.contracts.map((c: { id: string }) => c.id)).toEqual([contracts.ended]);
    const byJob = await get(`/contracts?jobId=job_acme_rlhf`, tokens.full);
    expect(byJob.body.contracts.map((c: { id: string }) => c.id)).toEqual([contracts.active]);
    const page1 = await get(`/contracts?limit=1`, tokens.full);
    expect(page1.body.contracts).toHaveLength(1);
    expect(page1.body.nextCursor).toBe(page1.body.contracts[0].id);
    const page2 = await get(`/contracts?limit=1&cursor=${page1.body.nextCursor}`, tokens.full);
    expect(page2.body.contracts).toHaveLength(1);
    expect(page2.body.contracts[0].id).not.toBe(page1.body.contracts[0].id);
    const page3 = await get(`/contracts?limit=1&cursor=${page2.body.nextCursor}`, tokens.full);
    expect(page3.body.contracts.map((c: { id: string }) => c.id)).toEqual(
      [contracts.active, contracts.ended, contracts.unfunded].filter(
        (id) => id !== page1.body.contracts[0].id && id !== page2.body.contracts[0].id,
      ),
    );
    expect(page3.body.nextCursor).toBeNull();
    expectError(await get(`/contracts?status=open`, tokens.full), 400, "BAD_REQUEST", { field: "status" });
  });

  it("404 for another account's contract; 403 without payments:read", async () => {
    expectError(await get(`/contracts/ctr_globex_audit`, tokens.full), 404, "NOT_FOUND", {
      resource: "contracts",
      contractId: "ctr_globex_audit",
    });
    const { createApiToken } = await import("@/lib/auth/api-tokens");
    const client = await db();
    const jobsOnly = await client.$transaction((tx) =>
      createApiToken(tx, { accountId: "org_acme", label: "j", scopes: ["jobs:read"] }),
    );
    expectError(await get(`/contracts`, jobsOnly.token), 403, "FORBIDDEN", {
      requiredScopes: ["payments:read"],
      grantedScopes: ["jobs:read"],
    });
  });
});

describe("GET /auth/me", () => {
  it("describes the token and its account", async () => {
    const res = await get(`/auth/me`, tokens.unclaimed);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      actor: { type: "agent", tokenId: expect.stringMatching(/^tok_/) },
      token: { id: res.body.actor.tokenId, label: "Unclaimed agent", scopes: ["payments:read", "payments:write"] },
      account: { organizationId: "org_unclaimed", claimed: false, features: ["public_api_payments_write"] },
    });
    expectError(await get(`/auth/me`), 401, "UNAUTHORIZED", {});
  });
});

describe("unknown routes and wrong methods", () => {
  it("a wrong method gets 405 with the error body and an Allow header", async () => {
    const res = await api("GET", `/milestones/${milestones.activeFunded}/approve`, { token: tokens.full });
    expectError(res, 405, "METHOD_NOT_ALLOWED", { allowed: ["POST"] });
    expect(res.headers.get("allow")).toBe("POST");
    const del = await api("DELETE", `/updates`, { token: tokens.full });
    expectError(del, 405, "METHOD_NOT_ALLOWED", { allowed: ["GET"] });
  });

  it("answer 404 with the error body and a request id", async () => {
    const res = await api("GET", "/nope/nothing", { token: tokens.full });
    expectError(res, 404, "NOT_FOUND", { resource: "endpoint", path: "/api/public/v1/nope/nothing" });
  });

  it("echo a caller's plain X-Request-Id and replace an unsafe one", async () => {
    const mine = await api("GET", "/auth/me", { token: tokens.full, headers: { "x-request-id": "agent-req-12345" } });
    expect(mine.headers.get("x-request-id")).toBe("agent-req-12345");
    const unsafe = await api("GET", "/auth/me", {
      token: tokens.full,
      headers: { "x-request-id": "bad id\twith<tags>" },
    });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^req_/);
  });
});
