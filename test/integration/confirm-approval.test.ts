import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { getApprovalReview } from "@/lib/approvals/get-approval-review";
import { confirmApproval, declineApproval } from "@/lib/approvals/resolve-approval";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";
import { get, post } from "../support/api";
import { expectError } from "../support/expect-error";
import { expectInvariants } from "../support/invariants";

const { tokens, milestones } = inject("fixtures");
const OWNER = "hum_acme_owner";
const OUTSIDER = "hum_globex_owner";
const MEMBER = "hum_acme_member";

async function balance(key: string) {
  const client = await db();
  return (await client.ledgerAccount.findUnique({ where: { key } }))?.balanceCents ?? 0;
}

/** A fresh funded milestone on the active contract, so each test owns its target. */
async function fundedMilestone(cents = 20_000) {
  const client = await db();
  const created = await post(`/contracts/ctr_acme_rlhf/milestones`, tokens.full, {
    description: "test work",
    amountUsd: cents / 100,
  });
  const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
  const outcome = await confirmApproval({ approvalId: fund.body.approval.id, humanId: OWNER });
  expect(outcome.outcome).toBe("confirmed");
  return client.milestone.findUniqueOrThrow({ where: { id: created.body.milestone.id } });
}

/** Changes a milestone behind a pending approval's back, refunding escrow in the same transaction so the ledger stays whole. */
async function changeMilestoneWithRefund(
  milestoneId: string,
  data: { amountCents?: number; status?: "CANCELLED" },
  refundCents: number,
) {
  const client = await db();
  await client.$transaction(async (tx) => {
    await tx.milestone.update({ where: { id: milestoneId }, data });
    await postLedgerTransaction(tx, {
      kind: "REFUND",
      memo: "changed while an approval was pending",
      milestoneId,
      moves: [
        {
          from: { kind: "ORG_ESCROW", accountId: "org_acme" },
          to: { kind: "ORG_AVAILABLE", accountId: "org_acme" },
          amountCents: refundCents,
        },
      ],
    });
  });
}

async function requestRelease(milestoneId: string) {
  const res = await post(`/milestones/${milestoneId}/approve`, tokens.full);
  expect(res.status).toBe(202);
  return res.body.approval.id as string;
}

beforeEach(() => resetClock());
afterEach(() => resetClock());

describe("confirming a milestone_approve approval", () => {
  it("moves escrow to the trainer's payout exactly once, completes the milestone, records result and events", async () => {
    const milestone = await fundedMilestone(30_000);
    const approvalId = await requestRelease(milestone.id);
    const escrowBefore = await balance("ORG_ESCROW:org_acme");
    const payoutBefore = await balance("TRAINER_PAYOUT:fl_maria");

    const outcome = await confirmApproval({ approvalId, humanId: OWNER });
    expect(outcome).toMatchObject({ outcome: "confirmed", isMine: true });

    expect(await balance("ORG_ESCROW:org_acme")).toBe(escrowBefore - 30_000);
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore + 30_000);
    const read = await get(`/approvals/${approvalId}`, tokens.full);
    expect(read.body.approval).toMatchObject({
      status: "confirmed",
      result: { invoiceId: expect.stringMatching(/^inv_/), payoutTransactionId: expect.stringMatching(/^ltx_/) },
    });
    expect(read.body.approval.resolvedAt).not.toBeNull();
    const contract = await get(`/contracts/ctr_acme_rlhf`, tokens.full);
    const shown = contract.body.contract.milestones.find((m: { id: string }) => m.id === milestone.id);
    expect(shown).toMatchObject({
      status: "COMPLETED",
      invoiceId: read.body.approval.result.invoiceId,
      pendingApproval: false,
    });

    const updates = await get(`/updates?limit=100`, tokens.full);
    const mine = updates.body.events.filter(
      (e: any) => e.data.approvalId === approvalId || e.data.milestoneId === milestone.id,
    );
    expect(mine.map((e: any) => [e.type, e.data.status ?? null])).toEqual(
      expect.arrayContaining([
        ["approval.confirmed", "confirmed"],
        ["milestone.status_changed", "COMPLETED"],
      ]),
    );

    const again = await confirmApproval({ approvalId, humanId: OWNER });
    expect(again).toMatchObject({ outcome: "confirmed", isMine: false });
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore + 30_000);
    // A completed milestone cannot be asked for again.
    expectError(await post(`/milestones/${milestone.id}/approve`, tokens.full), 409, "CONFLICT", {
      reason: "milestone_not_releasable",
      status: "COMPLETED",
    });
  });

  it("20 concurrent confirms → exactly one executes, one payout", async () => {
    const milestone = await fundedMilestone(10_000);
    const approvalId = await requestRelease(milestone.id);
    const payoutBefore = await balance("TRAINER_PAYOUT:fl_maria");
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => confirmApproval({ approvalId, humanId: OWNER })),
    );
    expect(outcomes.filter((o) => o.isMine)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(["confirmed"]));
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore + 10_000);
  });

  it("confirm racing decline racing expiry → exactly one outcome, everyone told the same one", async () => {
    for (let round = 0; round < 5; round++) {
      const milestone = await fundedMilestone(1_000 + round);
      const approvalId = await requestRelease(milestone.id);
      const client = await db();
      const { expiresAt } = await client.approval.findUniqueOrThrow({ where: { id: approvalId } });
      const payoutBefore = await balance("TRAINER_PAYOUT:fl_maria");
      const expire = (async () => {
        setClock(() => new Date(expiresAt.getTime() + (round % 2 === 0 ? 1 : -60_000)));
        return (await get(`/approvals/${approvalId}`, tokens.full)).body.approval.status as string;
      })();
      const results = await Promise.all([
        confirmApproval({ approvalId, humanId: OWNER }),
        declineApproval({ approvalId, humanId: OWNER, reason: "race" }),
        confirmApproval({ approvalId, humanId: OWNER }),
        expire,
      ]);
      resetClock();
      const final = await client.approval.findUniqueOrThrow({ where: { id: approvalId } });
      expect(["confirmed", "declined", "expired"]).toContain(final.status);
      expect(results.filter((r) => typeof r !== "string" && r.isMine).length).toBeLessThanOrEqual(1);
      for (const r of results.slice(0, 3)) if (typeof r !== "string") expect(r.outcome).toBe(final.status);
      const paid = (await balance("TRAINER_PAYOUT:fl_maria")) - payoutBefore;
      expect(paid).toBe(final.status === "confirmed" ? milestone.amountCents : 0);
      await expectInvariants();
    }
  });

  it("an expired approval never executes: confirming it reports expired and moves nothing", async () => {
    const milestone = await fundedMilestone(5_000);
    const approvalId = await requestRelease(milestone.id);
    const client = await db();
    const { expiresAt } = await client.approval.findUniqueOrThrow({ where: { id: approvalId } });
    const payoutBefore = await balance("TRAINER_PAYOUT:fl_maria");
    setClock(() => new Date(expiresAt.getTime()));
    const outcome = await confirmApproval({ approvalId, humanId: OWNER });
    expect(outcome).toMatchObject({ outcome: "expired", isMine: false });
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore);
    expect((await client.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).status).toBe("ACTIVE_FUNDED");
  });

  it("a milestone whose amount changed after the request cannot be confirmed through the old approval", async () => {
    const milestone = await fundedMilestone(8_000);
    const approvalId = await requestRelease(milestone.id);
    // Lower the amount and refund the difference, so the ledger stays whole and only the bound facts differ.
    await changeMilestoneWithRefund(milestone.id, { amountCents: 7_000 }, 1_000);
    const payoutBefore = await balance("TRAINER_PAYOUT:fl_maria");
    const outcome = await confirmApproval({ approvalId, humanId: OWNER });
    expect(outcome).toMatchObject({ outcome: "cancelled", cancelReason: "terms_changed" });
    expect(await balance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore);
    const read = await get(`/approvals/${approvalId}`, tokens.full);
    expect(read.body.approval).toMatchObject({
      status: "cancelled",
      result: { cancelled: true, reason: "terms_changed" },
    });
  });

  it("a milestone cancelled after the request cannot be confirmed", async () => {
    const milestone = await fundedMilestone(4_000);
    const approvalId = await requestRelease(milestone.id);
    await changeMilestoneWithRefund(milestone.id, { status: "CANCELLED" }, 4_000);
    const outcome = await confirmApproval({ approvalId, humanId: OWNER });
    expect(outcome).toMatchObject({ outcome: "cancelled", cancelReason: "milestone_cancelled" });
  });

  it("a human who is not a member gets not-found, exactly like a wrong id", async () => {
    const approvalId = await requestRelease(milestones.activeFunded);
    await expect(confirmApproval({ approvalId, humanId: OUTSIDER })).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "approvals", approvalId },
    });
    await expect(declineApproval({ approvalId, humanId: OUTSIDER })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(confirmApproval({ approvalId: "apr_nope", humanId: OWNER })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const client = await db();
    expect((await client.approval.findUniqueOrThrow({ where: { id: approvalId } })).status).toBe("pending");
  });

  it("a MEMBER of the account may read the approval but neither confirm nor decline it; an OWNER then can", async () => {
    const approvalId = await requestRelease(milestones.activeFunded);
    const review = await getApprovalReview({ approvalId, humanId: MEMBER });
    expect(review).toMatchObject({
      canResolve: false,
      accountName: "Acme Robotics",
      approval: { id: approvalId, status: "pending" },
    });
    expect((await getApprovalReview({ approvalId, humanId: OWNER }))?.canResolve).toBe(true);
    const ownerOnly = {
      code: "FORBIDDEN",
      message: "Only an owner of Acme Robotics can confirm or decline its payments.",
      details: { reason: "owner_required" },
    };
    await expect(confirmApproval({ approvalId, humanId: MEMBER })).rejects.toMatchObject(ownerOnly);
    await expect(declineApproval({ approvalId, humanId: MEMBER, reason: "no" })).rejects.toMatchObject(ownerOnly);
    const client = await db();
    expect(await client.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({
      status: "pending",
      resolvedAt: null,
    });
    expect(await client.ledgerTransaction.count({ where: { approvalId } })).toBe(0);
    expect((await confirmApproval({ approvalId, humanId: OWNER })).outcome).toBe("confirmed");
  });
});

describe("declining", () => {
  it("records the reason, which the agent reads in result; nothing moves", async () => {
    const milestone = await fundedMilestone(2_500);
    const approvalId = await requestRelease(milestone.id);
    const escrowBefore = await balance("ORG_ESCROW:org_acme");
    const outcome = await declineApproval({
      approvalId,
      humanId: OWNER,
      reason: "  The pairs are missing rationales.  ",
    });
    expect(outcome).toMatchObject({ outcome: "declined", isMine: true });
    const read = await get(`/approvals/${approvalId}`, tokens.full);
    expect(read.body.approval).toMatchObject({
      status: "declined",
      result: { declined: true, reason: "The pairs are missing rationales." },
    });
    expect(await balance("ORG_ESCROW:org_acme")).toBe(escrowBefore);
    const updates = await get(`/updates?limit=100`, tokens.full);
    expect(
      updates.body.events
        .filter((e: any) => e.type === "approval.confirmed" && e.resourceId === approvalId)
        .map((e: any) => e.data),
    ).toEqual([{ approvalId, status: "declined", type: "milestone_approve" }]);
    // The agent may ask again; a fresh approval is recorded.
    const again = await post(`/milestones/${milestone.id}/approve`, tokens.full);
    expect(again.body.approval.id).not.toBe(approvalId);
  });

  it("without a reason, result is {declined: true}", async () => {
    const milestone = await fundedMilestone(2_600);
    const approvalId = await requestRelease(milestone.id);
    await declineApproval({ approvalId, humanId: OWNER });
    expect((await get(`/approvals/${approvalId}`, tokens.full)).body.approval.result).toEqual({ declined: true });
  });
});

describe("confirming a milestone_fund approval", () => {
  it("moves available → escrow and funds the milestone with {invoiceId, paymentIntentId}", async () => {
    const created = await post(`/contracts/ctr_acme_rlhf/milestones`, tokens.full, {
      description: "fund me",
      amountUsd: 77.77,
    });
    const fund = await post(`/milestones/${created.body.milestone.id}/fund`, tokens.full);
    const availableBefore = await balance("ORG_AVAILABLE:org_acme");
    const escrowBefore = await balance("ORG_ESCROW:org_acme");
    const outcome = await confirmApproval({ approvalId: fund.body.approval.id, humanId: OWNER });
    expect(outcome.outcome).toBe("confirmed");
    expect(await balance("ORG_AVAILABLE:org_acme")).toBe(availableBefore - 7_777);
    expect(await balance("ORG_ESCROW:org_acme")).toBe(escrowBefore + 7_777);
    const read = await get(`/approvals/${fund.body.approval.id}`, tokens.full);
    expect(read.body.approval.result).toEqual({
      invoiceId: expect.stringMatching(/^inv_/),
      paymentIntentId: expect.stringMatching(/^ltx_/),
    });
  });

  it("is voided with payment_method_required when the balance no longer covers it", async () => {
    const client = await db();
    const available = await balance("ORG_AVAILABLE:org_acme");
    const a = await post(`/contracts/ctr_acme_rlhf/milestones`, tokens.full, {
      description: "big one",
      amountUsd: available / 100,
    });
    const b = await post(`/contracts/ctr_acme_rlhf/milestones`, tokens.full, { description: "another", amountUsd: 1 });
    const fundA = await post(`/milestones/${a.body.milestone.id}/fund`, tokens.full);
    const fundB = await post(`/milestones/${b.body.milestone.id}/fund`, tokens.full);
    expect((await confirmApproval({ approvalId: fundA.body.approval.id, humanId: OWNER })).outcome).toBe("confirmed");
    const outcome = await confirmApproval({ approvalId: fundB.body.approval.id, humanId: OWNER });
    expect(outcome).toMatchObject({ outcome: "cancelled", cancelReason: "payment_method_required" });
    expect((await client.milestone.findUniqueOrThrow({ where: { id: b.body.milestone.id } })).status).toBe(
      "NOT_FUNDED",
    );
  });
});
