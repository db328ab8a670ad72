import { describe, expect, inject, it } from "vitest";
import { confirmApproval, declineApproval } from "@/lib/approvals/resolve-approval";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { get, ORIGIN, post } from "../support/api";
import { expectError } from "../support/expect-error";
import { findInvariantViolations } from "../support/invariants";

const { tokens, contracts, milestones } = inject("fixtures");
const OWNER = "hum_acme_owner";
const end = (contractId: string, token = tokens.full) => post(`/contracts/${contractId}/end`, token);
const balance = async (key: string) =>
  (await (await db()).ledgerAccount.findUnique({ where: { key } }))?.balanceCents ?? 0;

// The approvals first: the end tests below end the contracts they use.
describe("GET /approvals and POST /approvals/{id}/cancel", () => {
  it("cancel a pending approval: 200 cancelled/withdrawn with its event; again → 409 approval_not_pending + status", async () => {
    const fund = await post(`/milestones/${milestones.notFunded}/fund`, tokens.full);
    const id = fund.body.approval.id;
    const res = await post(`/approvals/${id}/cancel`, tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.approval).toMatchObject({
      id,
      status: "cancelled",
      result: { cancelled: true, reason: "withdrawn" },
      resolvedAt: expect.any(String),
    });
    const feed = await get(`/updates?limit=100`, tokens.full);
    expect(feed.body.events).toContainEqual(
      expect.objectContaining({
        type: "approval.confirmed",
        data: { approvalId: id, status: "cancelled", type: "milestone_fund" },
      }),
    );
    expectError(await post(`/approvals/${id}/cancel`, tokens.full), 409, "CONFLICT", {
      reason: "approval_not_pending",
      status: "cancelled",
    });
    // The key is free again: a new request makes a new approval.
    expect((await post(`/milestones/${milestones.notFunded}/fund`, tokens.full)).body.approval.id).not.toBe(id);
  });

  it("409 for confirmed, declined and expired ones; 404 for another account's; gates", async () => {
    const other = await post(`/milestones/${milestones.notFunded}/fund`, tokens.full);
    expectError(await post(`/approvals/${other.body.approval.id}/cancel`, tokens.otherAccount), 404, "NOT_FOUND", {
      resource: "approvals",
      approvalId: other.body.approval.id,
    });
    await declineApproval({ approvalId: other.body.approval.id, humanId: OWNER });
    expectError(await post(`/approvals/${other.body.approval.id}/cancel`, tokens.full), 409, "CONFLICT", {
      reason: "approval_not_pending",
      status: "declined",
    });

    const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
      description: "to fund",
      amountUsd: 7,
    });
    const toConfirm = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
    await confirmApproval({ approvalId: toConfirm.body.approval.id, humanId: OWNER });
    expectError(await post(`/approvals/${toConfirm.body.approval.id}/cancel`, tokens.full), 409, "CONFLICT", {
      reason: "approval_not_pending",
      status: "confirmed",
    });

    const toExpire = await post(`/milestones/${milestones.notFunded}/fund`, tokens.full);
    setClock(() => new Date(Date.now() + 73 * 3600 * 1000));
    try {
      expectError(await post(`/approvals/${toExpire.body.approval.id}/cancel`, tokens.full), 409, "CONFLICT", {
        reason: "approval_not_pending",
        status: "expired",
      });
    } finally {
      resetClock();
    }
    expectError(await post(`/approvals/apr_nope/cancel`, ""), 401, "UNAUTHORIZED", {});
    expect(
      (await post(`/approvals/${toExpire.body.approval.id}/cancel`, tokens.noPaymentsWrite)).body.details
        .requiredScopes,
    ).toEqual(["payments:write"]);
    expectError(await post(`/approvals/apr_doesNotExist/cancel`, tokens.full), 404, "NOT_FOUND", {
      resource: "approvals",
      approvalId: "apr_doesNotExist",
    });
  });

  it("cancel racing the human's confirm: exactly one wins, the other is told the real status", async () => {
    const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
      description: "race",
      amountUsd: 3,
    });
    const { body } = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
    const [cancelled, confirmed] = await Promise.all([
      post(`/approvals/${body.approval.id}/cancel`, tokens.full),
      confirmApproval({ approvalId: body.approval.id, humanId: OWNER }),
    ]);
    if (cancelled.status === 200) {
      expect(confirmed).toMatchObject({ outcome: "cancelled", isMine: false });
    } else {
      expectError(cancelled, 409, "CONFLICT", { reason: "approval_not_pending", status: "confirmed" });
      expect(confirmed).toMatchObject({ outcome: "confirmed", isMine: true });
    }
  });

  it("list: newest first, filtered by status and type, paginated; only the account's own; bad values are 400 with the field", async () => {
    const all = await get(`/approvals?limit=100`, tokens.full);
    expect(all.status).toBe(200);
    const times = all.body.approvals.map((a: { createdAt: string }) => a.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.body.approvals.length).toBeGreaterThan(3);
    expect(
      all.body.approvals.every((a: { approvalUrl: string }) => a.approvalUrl.startsWith(`${ORIGIN}/approvals/apr_`)),
    ).toBe(true);
    const client = await db();
    expect(all.body.approvals.length).toBe(await client.approval.count({ where: { accountId: "org_acme" } }));

    const cancelled = await get(`/approvals?status=cancelled&type=milestone_fund`, tokens.full);
    expect(cancelled.body.approvals.length).toBeGreaterThan(0);
    expect(
      cancelled.body.approvals.every(
        (a: { status: string; type: string }) => a.status === "cancelled" && a.type === "milestone_fund",
      ),
    ).toBe(true);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/approvals?limit=2${cursor ? `&cursor=${cursor}` : ""}`, tokens.full);
      pages.push(...page.body.approvals.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.body.approvals.map((a: { id: string }) => a.id));

    await post(`/milestones/${milestones.otherAccount}/approve`, tokens.otherAccount);
    const theirs = await get(`/approvals?limit=100`, tokens.otherAccount);
    expect(theirs.body.approvals.length).toBeGreaterThan(0);
    expect(theirs.body.approvals.some((a: { id: string }) => pages.includes(a.id))).toBe(false);
    expectError(await get(`/approvals?cursor=${theirs.body.approvals[0].id}`, tokens.full), 400, "BAD_REQUEST", {
      field: "cursor",
    });
    expectError(await get(`/approvals?status=waiting`, tokens.full), 400, "BAD_REQUEST", { field: "status" });
    expectError(await get(`/approvals?type=refund`, tokens.full), 400, "BAD_REQUEST", { field: "type" });
    expectError(await get(`/approvals?limit=101`, tokens.full), 400, "BAD_REQUEST", { field: "limit" });
    // Works unclaimed: payments:read is all it needs.
    expect((await get(`/approvals`, tokens.unclaimed)).status).toBe(200);
    expectError(await get(`/approvals`, ""), 401, "UNAUTHORIZED", {});
  });
});

describe("POST /contracts/{id}/end", () => {
  it("no funded milestone: 200 at once, contract ended, contract.ended event; again → 409 contract_ended", async () => {
    const res = await end(contracts.unfunded);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { ok: true, contractId: contracts.unfunded, status: "ended" },
    });
    expect((await get(`/contracts/${contracts.unfunded}`, tokens.full)).body.contract.status).toBe("ended");
    const feed = await get(`/updates?limit=100`, tokens.full);
    expect(feed.body.events).toContainEqual(
      expect.objectContaining({
        type: "contract.ended",
        resourceId: contracts.unfunded,
        data: { contractId: contracts.unfunded, jobId: "job_acme_docs" },
      }),
    );
    expectError(await end(contracts.unfunded), 409, "CONFLICT", {
      reason: "contract_ended",
      contractId: contracts.unfunded,
    });
    expectError(await end(contracts.ended), 409, "CONFLICT", { reason: "contract_ended", contractId: contracts.ended });
  });

  it("gates and 404", async () => {
    expectError(await end(contracts.active, ""), 401, "UNAUTHORIZED", {});
    expect((await end(contracts.active, tokens.noPaymentsWrite)).body.details.requiredScopes).toEqual([
      "payments:write",
    ]);
    expectError(await end(contracts.active, tokens.featureOff), 403, "FORBIDDEN", {
      featureKey: "public_api_payments_write",
    });
    expect((await end(contracts.active, tokens.unclaimed)).body.details.reason).toBe("account_claim_required");
    expectError(await end("ctr_globex_audit"), 404, "NOT_FOUND", {
      resource: "contracts",
      contractId: "ctr_globex_audit",
    });
  });

  it("with funds: 202 contract_end; the human refunds one and releases the other; balances, statuses and the ledger add up", async () => {
    const client = await db();
    const funded = await client.milestone.findMany({
      where: { contractId: contracts.active, status: "ACTIVE_FUNDED" },
      orderBy: { milestoneNumber: "asc" },
    });
    // The seed's two funded milestones, and any an earlier test in this file funded (refunded by default).
    expect(funded.map((m) => m.id).slice(0, 2)).toEqual([milestones.activeFunded, "ms_acme_pairs_3"]);
    const [refundMe, releaseMe] = funded;
    const others = funded.slice(2);
    const othersCents = others.reduce((sum, m) => sum + m.amountCents, 0);
    const before = {
      available: await balance("ORG_AVAILABLE:org_acme"),
      escrow: await balance("ORG_ESCROW:org_acme"),
      payout: await balance("TRAINER_PAYOUT:fl_maria"),
    };

    const res = await end(contracts.active);
    expect(res.status).toBe(202);
    expect(res.body.approval).toMatchObject({
      type: "contract_end",
      status: "pending",
      contractId: contracts.active,
      milestoneId: null,
      proposalId: null,
      approvalUrl: `${ORIGIN}/approvals/${res.body.approval.id}`,
    });
    expect((await end(contracts.active)).body.approval.id).toBe(res.body.approval.id);
    expect((await get(`/contracts/${contracts.active}`, tokens.full)).body.contract.status).toBe("active");

    const resolution = await confirmApproval({
      approvalId: res.body.approval.id,
      humanId: OWNER,
      choices: { settlements: { [releaseMe.id]: "release", [refundMe.id]: "refund" } },
    });
    expect(resolution.outcome).toBe("confirmed");
    const polled = (await get(`/approvals/${res.body.approval.id}`, tokens.full)).body.approval;
    expect(polled.result).toEqual({
      contractEnded: true,
      refunded: [refundMe.id, ...others.map((m) => m.id)],
      released: [releaseMe.id],
    });
    const contract = (await get(`/contracts/${contracts.active}`, tokens.full)).body.contract;
    expect(contract.status).toBe("ended");
    const statusOf = (id: string) => contract.milestones.find((m: { id: string }) => m.id === id).status;
    expect([statusOf(refundMe.id), statusOf(releaseMe.id)]).toEqual(["REFUNDED", "COMPLETED"]);
    expect(await balance("ORG_AVAILABLE:org_acme")).toBe(before.available + refundMe.amountCents + othersCents);
    expect(await balance("ORG_ESCROW:org_acme")).toBe(
      before.escrow - refundMe.amountCents - releaseMe.amountCents - othersCents,
    );
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(before.payout + releaseMe.amountCents);
    const entries = await client.ledgerEntry.findMany({
      where: { transaction: { approvalId: res.body.approval.id } },
      include: { transaction: true },
    });
    expect(entries.reduce((sum, e) => sum + e.amountCents, 0)).toBe(0);
    expect(new Set(entries.map((e) => e.transaction.kind))).toEqual(new Set(["REFUND", "RELEASE"]));
    expect(await findInvariantViolations()).toEqual([]);
    const types = (await get(`/updates?limit=100`, tokens.full)).body.events.map((e: { type: string }) => e.type);
    expect(types.slice(-(2 + funded.length))).toEqual([
      ...funded.map(() => "milestone.status_changed"),
      "contract.ended",
      "approval.confirmed",
    ]);
  });
});

describe("contract_end bound to its funded milestones", () => {
  it("a milestone funded after the request voids the confirmation; a re-request supersedes the stale approval", async () => {
    const client = await db();
    const created = await post(`/contracts/ctr_globex_audit/milestones`, tokens.otherAccount, {
      description: "late",
      amountUsd: 10,
    });
    const asked = await end("ctr_globex_audit", tokens.otherAccount);
    const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.otherAccount);
    await confirmApproval({ approvalId: fund.body.approval.id, humanId: "hum_globex_owner" });
    const again = await end("ctr_globex_audit", tokens.otherAccount);
    expect(again.body.approval.id).not.toBe(asked.body.approval.id);
    expect((await get(`/approvals/${asked.body.approval.id}`, tokens.otherAccount)).body.approval.result).toEqual({
      cancelled: true,
      reason: "superseded",
    });
    // The new one, confirmed without choices: every milestone refunded (the default).
    await confirmApproval({ approvalId: again.body.approval.id, humanId: "hum_globex_owner" });
    const result = (await get(`/approvals/${again.body.approval.id}`, tokens.otherAccount)).body.approval.result;
    expect(result).toEqual({
      contractEnded: true,
      refunded: [milestones.otherAccount, created.body.milestone.id],
      released: [],
    });
    expect(await client.milestone.count({ where: { contractId: "ctr_globex_audit", status: "ACTIVE_FUNDED" } })).toBe(
      0,
    );
  });
});
