import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { get, ORIGIN, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens, milestones, contracts } = inject("fixtures");
const fund = (milestoneId: string, token?: string) => post(`/milestones/${milestoneId}/fund`, token);
const createMilestone = (contractId: string, body: unknown, token = tokens.full) =>
  post(`/contracts/${contractId}/milestones`, token, body);

describe("POST /milestones/{id}/fund", () => {
  it("202: a pending milestone_fund approval; no money moves; re-request returns it", async () => {
    const client = await db();
    const availableBefore = (await client.ledgerAccount.findUniqueOrThrow({ where: { key: "ORG_AVAILABLE:org_acme" } }))
      .balanceCents;
    const res = await fund(milestones.notFunded, tokens.full);
    expect(res.status).toBe(202);
    expect(res.body.approval).toMatchObject({
      type: "milestone_fund",
      status: "pending",
      milestoneId: milestones.notFunded,
      contractId: contracts.active,
      approvalUrl: `${ORIGIN}/approvals/${res.body.approval.id}`,
      result: null,
    });
    expect(res.body.message).toMatch(/human must .*confirm/i);
    const again = await fund(milestones.notFunded, tokens.full);
    expect(again.body.approval.id).toBe(res.body.approval.id);
    const availableAfter = (await client.ledgerAccount.findUniqueOrThrow({ where: { key: "ORG_AVAILABLE:org_acme" } }))
      .balanceCents;
    expect(availableAfter).toBe(availableBefore);
    const milestone = await client.milestone.findUniqueOrThrow({ where: { id: milestones.notFunded } });
    expect(milestone.status).toBe("NOT_FUNDED");
  });

  it("has the same gates as approve", async () => {
    expectError(await fund(milestones.notFunded), 401, "UNAUTHORIZED", {});
    expect((await fund(milestones.notFunded, tokens.noPaymentsWrite)).body.details.requiredScopes).toEqual([
      "payments:write",
    ]);
    expectError(await fund(milestones.notFunded, tokens.featureOff), 403, "FORBIDDEN", {
      featureKey: "public_api_payments_write",
    });
    expect((await fund(milestones.notFunded, tokens.unclaimed)).body.details.reason).toBe("account_claim_required");
    expectError(await fund(milestones.otherAccount, tokens.full), 404, "NOT_FOUND", {
      resource: "milestones",
      milestoneId: milestones.otherAccount,
    });
  });

  it("409 catalog: contract_ended, milestone_cancelled, milestone_not_fundable", async () => {
    expectError(await fund(milestones.onEndedContract, tokens.full), 409, "CONFLICT", {
      reason: "contract_ended",
      contractId: contracts.ended,
    });
    expectError(await fund(milestones.cancelled, tokens.full), 409, "CONFLICT", { reason: "milestone_cancelled" });
    expectError(await fund(milestones.activeFunded, tokens.full), 409, "CONFLICT", {
      reason: "milestone_not_fundable",
      status: "ACTIVE_FUNDED",
    });
    expectError(await fund(milestones.completed, tokens.full), 409, "CONFLICT", {
      reason: "milestone_not_fundable",
      status: "COMPLETED",
    });
  });

  it("409 payment_method_required with billingUrl when the available balance cannot cover it", async () => {
    const created = await createMilestone(contracts.active, {
      description: "A very large batch",
      amountUsd: 999_999.99,
    });
    expect(created.status).toBe(201);
    expectError(await fund(created.body.milestone.id, tokens.full), 409, "CONFLICT", {
      reason: "payment_method_required",
      billingUrl: `${ORIGIN}/billing`,
    });
  });
});

describe("POST /contracts/{id}/milestones", () => {
  it("201: a NOT_FUNDED milestone numbered after the last, amounts in dollars", async () => {
    const res = await createMilestone(contracts.active, {
      name: "Third batch",
      description: "500 more pairs",
      amountUsd: 123.45,
      dueDate: "2027-01-15",
    });
    expect(res.status).toBe(201);
    expect(res.body.milestone).toEqual({
      id: expect.stringMatching(/^ms_/),
      contractId: contracts.active,
      name: "Third batch",
      description: "500 more pairs",
      status: "NOT_FUNDED",
      amountUsd: 123.45,
      milestoneNumber: expect.any(Number),
      dueDate: "2027-01-15T00:00:00.000Z",
      pendingApproval: false,
      needsReview: false,
      invoiceId: null,
      createdAt: expect.any(String),
    });
    const client = await db();
    const row = await client.milestone.findUniqueOrThrow({ where: { id: res.body.milestone.id } });
    expect(row.amountCents).toBe(12345);
    const contract = await get(`/contracts/${contracts.active}`, tokens.full);
    const numbers = contract.body.contract.milestones.map((m: { milestoneNumber: number }) => m.milestoneNumber);
    expect(res.body.milestone.milestoneNumber).toBe(Math.max(...numbers));
  });

  it("names it 'Milestone N' when no name is given; 10 concurrent creates get 10 distinct numbers", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createMilestone(contracts.active, { description: `batch ${i}`, amountUsd: 10 }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const numbers = results.map((r) => r.body.milestone.milestoneNumber);
    expect(new Set(numbers).size).toBe(10);
    for (const r of results) expect(r.body.milestone.name).toBe(`Milestone ${r.body.milestone.milestoneNumber}`);
  });

  it("400 with details.field for each bad field", async () => {
    const cases: [unknown, string][] = [
      [{ amountUsd: 10 }, "description"],
      [{ description: "x", amountUsd: -5 }, "amountUsd"],
      [{ description: "x", amountUsd: 0 }, "amountUsd"],
      [{ description: "x", amountUsd: 10.001 }, "amountUsd"],
      [{ description: "x", amountUsd: "10" }, "amountUsd"],
      [{ description: "x", amountUsd: 1e12 }, "amountUsd"],
      [{ description: "x", amountUsd: 10, dueDate: "next tuesday" }, "dueDate"],
      [{ description: "x", amountUsd: 10, name: 42 }, "name"],
    ];
    for (const [body, field] of cases) {
      const res = await createMilestone(contracts.active, body);
      expectError(res, 400, "BAD_REQUEST", { field });
    }
  });

  it("400 field body for malformed JSON, a JSON array, and an empty body", async () => {
    const { api } = await import("../support/api");
    const path = `/contracts/${contracts.active}/milestones`;
    const bad = await api("POST", path, {
      token: tokens.full,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expectError(bad, 400, "BAD_REQUEST", { field: "body" });
    const array = await api("POST", path, { token: tokens.full, body: [1, 2] });
    expectError(array, 400, "BAD_REQUEST", { field: "body" });
    const empty = await api("POST", path, { token: tokens.full });
    expectError(empty, 400, "BAD_REQUEST", { field: "description" });
  });

  it("400, never 500, for text Prisma or PostgreSQL cannot store and numbers JSON cannot hold", async () => {
    const { api } = await import("../support/api");
    const path = `/contracts/${contracts.active}/milestones`;
    const cases: [string, string][] = [
      [JSON.stringify({ description: "lone \ud800 surrogate", amountUsd: 1 }), "description"],
      [JSON.stringify({ description: "nul \u0000 byte", amountUsd: 1 }), "description"],
      [JSON.stringify({ name: "\udfff", description: "x", amountUsd: 1 }), "name"],
      ['{"description": "x", "amountUsd": 1e309}', "amountUsd"],
      ["[".repeat(5000) + "]".repeat(5000), "body"],
    ];
    for (const [rawBody, field] of cases) {
      expectError(await api("POST", path, { token: tokens.full, rawBody }), 400, "BAD_REQUEST", { field });
    }
  });

  it("409 contract_ended; 404 for another account's contract", async () => {
    expectError(await createMilestone(contracts.ended, { description: "x", amountUsd: 5 }), 409, "CONFLICT", {
      reason: "contract_ended",
      contractId: contracts.ended,
    });
    expectError(await createMilestone("ctr_globex_audit", { description: "x", amountUsd: 5 }), 404, "NOT_FOUND", {
      resource: "contracts",
      contractId: "ctr_globex_audit",
    });
  });
});
