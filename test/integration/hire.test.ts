import { describe, expect, inject, it } from "vitest";
import { confirmApproval, declineApproval } from "@/lib/approvals/resolve-approval";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { get, ORIGIN, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens, proposals } = inject("fixtures");
const OWNER = "hum_acme_owner";
const hire = (proposalId: string, body: unknown, token: string | undefined = tokens.full) =>
  post(`/proposals/${proposalId}/hire`, token, body);
const terms = (amount: number, name = "First 20 solutions") => ({
  milestone: { name, description: "Worked, checked solutions.", amount },
});
const balance = async (key: string) =>
  (await (await db()).ledgerAccount.findUnique({ where: { key } }))?.balanceCents ?? 0;

async function tokenFor(accountId: string, scopes: string[]) {
  const client = await db();
  return (await client.$transaction((tx) => createApiToken(tx, { accountId, label: "test", scopes: scopes as never })))
    .token;
}

describe("GET /jobs, /jobs/{id}, /jobs/{id}/proposals, /proposals/{id}", () => {
  it("200: the account's own jobs and proposals, trainers as first name + last initial", async () => {
    const jobs = await get(`/jobs`, tokens.full);
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs.map((j: { id: string }) => j.id).sort()).toEqual([
      "job_acme_docs",
      "job_acme_eval",
      "job_acme_math",
      "job_acme_rlhf",
    ]);
    expect(jobs.body.nextCursor).toBeNull();
    const job = await get(`/jobs/job_acme_math`, tokens.full);
    expect(job.body.job).toMatchObject({ id: "job_acme_math", title: "Step-by-step math solutions", proposalCount: 3 });

    const list = await get(`/jobs/job_acme_math/proposals?limit=2`, tokens.full);
    expect(list.status).toBe(200);
    expect(list.body.proposals).toHaveLength(2);
    const rest = await get(`/jobs/job_acme_math/proposals?limit=2&cursor=${list.body.nextCursor}`, tokens.full);
    expect(rest.body).toMatchObject({ nextCursor: null });
    expect([...list.body.proposals, ...rest.body.proposals].map((p: { id: string }) => p.id).sort()).toEqual(
      ["prop_acme_declined", proposals.open, proposals.openSecond].sort(),
    );

    const one = await get(`/proposals/${proposals.open}`, tokens.full);
    expect(one.body.proposal).toEqual({
      id: proposals.open,
      jobId: "job_acme_math",
      status: { raw: "UNREVIEWED", label: "Unreviewed" },
      freelancer: { userId: "fl_lena", displayName: "Lena K.", country: "DE" },
      coverLetter: expect.any(String),
      rateUsd: 450,
      createdAt: expect.any(String),
    });
  });

  it("404 for another account's job and proposal; 403 without the read scope", async () => {
    expectError(await get(`/jobs/job_globex_audit`, tokens.full), 404, "NOT_FOUND", {
      resource: "jobs",
      jobId: "job_globex_audit",
    });
    expectError(await get(`/jobs/job_globex_audit/proposals`, tokens.full), 404, "NOT_FOUND", {
      resource: "jobs",
      jobId: "job_globex_audit",
    });
    expectError(await get(`/proposals/${proposals.otherAccount}`, tokens.full), 404, "NOT_FOUND", {
      resource: "proposals",
      proposalId: proposals.otherAccount,
    });
    expectError(await get(`/jobs`, tokens.featureOff), 403, "FORBIDDEN", {
      requiredScopes: ["jobs:read"],
      grantedScopes: ["payments:read", "payments:write"],
    });
    expectError(await get(`/proposals/${proposals.open}`, tokens.featureOff), 403, "FORBIDDEN", {
      requiredScopes: ["proposals:read"],
      grantedScopes: ["payments:read", "payments:write"],
    });
    expectError(await get(`/jobs?limit=0`, tokens.full), 400, "BAD_REQUEST", { field: "limit" });
  });
});

describe("POST /proposals/{id}/hire", () => {
  it("202: a pending proposal_hire; nothing is created and no money moves; same terms → same approval", async () => {
    const availableBefore = await balance("ORG_AVAILABLE:org_acme");
    const res = await hire(proposals.open, terms(200));
    expect(res.status).toBe(202);
    expect(res.body.approval).toEqual({
      id: expect.stringMatching(/^apr_/),
      type: "proposal_hire",
      status: "pending",
      contractId: null,
      milestoneId: null,
      jobId: "job_acme_math",
      proposalId: proposals.open,
      approvalUrl: `${ORIGIN}/approvals/${res.body.approval.id}`,
      expiresAt: expect.any(String),
      resolvedAt: null,
      result: null,
      createdAt: expect.any(String),
    });
    expect(res.body.message).toMatch(/human must .*confirm/i);
    const again = await hire(proposals.open, terms(200));
    expect(again.status).toBe(202);
    expect(again.body.approval.id).toBe(res.body.approval.id);
    const client = await db();
    expect(await client.contract.count({ where: { proposalId: proposals.open } })).toBe(0);
    expect(await balance("ORG_AVAILABLE:org_acme")).toBe(availableBefore);
    await declineApproval({ approvalId: res.body.approval.id, humanId: OWNER });
  });

  it("other terms supersede: the old approval is cancelled with reason superseded, and its final event emitted", async () => {
    const first = await hire(proposals.openSecond, terms(100));
    const second = await hire(proposals.openSecond, terms(150));
    expect(second.status).toBe(202);
    expect(second.body.approval.id).not.toBe(first.body.approval.id);
    const old = await get(`/approvals/${first.body.approval.id}`, tokens.full);
    expect(old.body.approval).toMatchObject({
      status: "cancelled",
      result: { cancelled: true, reason: "superseded" },
      resolvedAt: expect.any(String),
    });
    // A different name alone is other terms too.
    const third = await hire(proposals.openSecond, terms(150, "Another name"));
    expect(third.body.approval.id).not.toBe(second.body.approval.id);
    expect((await get(`/approvals/${second.body.approval.id}`, tokens.full)).body.approval.status).toBe("cancelled");
    const feed = await get(`/updates?limit=100`, tokens.full);
    expect(feed.body.events).toContainEqual(
      expect.objectContaining({
        type: "approval.confirmed",
        data: { approvalId: first.body.approval.id, status: "cancelled", type: "proposal_hire" },
      }),
    );
    await declineApproval({ approvalId: third.body.approval.id, humanId: OWNER });
  });

  it("confirm with the human's adjusted milestone: contract, milestone #1 funded at the adjusted amount, proposal HIRED, events", async () => {
    const availableBefore = await balance("ORG_AVAILABLE:org_acme");
    const escrowBefore = await balance("ORG_ESCROW:org_acme");
    const { body } = await hire(proposals.open, {
      milestone: { name: "Agent's name", description: "Agent's words", amount: 200, dueDate: "2027-03-01" },
    });
    const resolution = await confirmApproval({
      approvalId: body.approval.id,
      humanId: OWNER,
      choices: { milestone: { name: "Ten solutions first", description: "Ten, checked twice.", amountCents: 12_345 } },
    });
    expect(resolution.outcome).toBe("confirmed");
    const polled = (await get(`/approvals/${body.approval.id}`, tokens.full)).body.approval;
    expect(polled.result).toEqual({
      hired: true,
      contractId: expect.stringMatching(/^ctr_/),
      jobId: "job_acme_math",
      freelancerUserId: "fl_lena",
      milestoneId: expect.stringMatching(/^ms_/),
      invoiceId: expect.stringMatching(/^inv_/),
      paymentIntentId: expect.stringMatching(/^ltx_/),
    });
    expect(polled.contractId).toBe(polled.result.contractId);
    const contract = (await get(`/contracts/${polled.result.contractId}`, tokens.full)).body.contract;
    expect(contract).toMatchObject({
      status: "active",
      proposalId: proposals.open,
      jobId: "job_acme_math",
      freelancer: { userId: "fl_lena" },
      rateUsd: 450,
    });
    expect(contract.milestones).toEqual([
      expect.objectContaining({
        milestoneNumber: 1,
        name: "Ten solutions first",
        description: "Ten, checked twice.",
        amountUsd: 123.45,
        status: "ACTIVE_FUNDED",
        dueDate: "2027-03-01T00:00:00.000Z",
        invoiceId: polled.result.invoiceId,
      }),
    ]);
    expect((await get(`/proposals/${proposals.open}`, tokens.full)).body.proposal.status).toEqual({
      raw: "HIRED",
      label: "Hired",
    });
    expect(await balance("ORG_AVAILABLE:org_acme")).toBe(availableBefore - 12_345);
    expect(await balance("ORG_ESCROW:org_acme")).toBe(escrowBefore + 12_345);
    const types = (await get(`/updates?limit=100`, tokens.full)).body.events
      .filter((e: { jobId: string }) => e.jobId === "job_acme_math")
      .map((e: { type: string }) => e.type);
    expect(types.slice(-3)).toEqual(["contract.created", "milestone.status_changed", "approval.confirmed"]);

    // Hired now: a new request is refused, and a second hire approval that was pending would be voided.
    expectError(await hire(proposals.open, terms(50)), 409, "CONFLICT", { reason: "proposal_already_hired" });
  });

  it("without adjustments the agent's terms are what is created", async () => {
    const client = await db();
    await client.proposal.update({ where: { id: "prop_acme_declined" }, data: { status: "MAYBE" } });
    const { body } = await hire("prop_acme_declined", { milestone: { description: "Only a description", amount: 10 } });
    await confirmApproval({ approvalId: body.approval.id, humanId: OWNER });
    const result = (await get(`/approvals/${body.approval.id}`, tokens.full)).body.approval.result;
    const milestone = await client.milestone.findUniqueOrThrow({ where: { id: result.milestoneId } });
    expect(milestone).toMatchObject({
      name: "Milestone 1",
      description: "Only a description",
      amountCents: 1000,
      status: "ACTIVE_FUNDED",
    });
  });

  it("fees from configuration are taken at funding: available → platform fees, the same transaction", async () => {
    process.env.PLATFORM_FEE_PERCENT = "10";
    process.env.CONTRACT_FEE_USD = "9.95";
    resetEnvCache();
    try {
      const client = await db();
      await client.proposal.update({ where: { id: "prop_acme_declined" }, data: { status: "MAYBE" } });
      const contract = await client.contract.findFirst({ where: { proposalId: "prop_acme_declined" } });
      if (contract) await client.contract.update({ where: { id: contract.id }, data: { proposalId: null } });
      const availableBefore = await balance("ORG_AVAILABLE:org_acme");
      const feesBefore = await balance("PLATFORM_FEES");
      const { body } = await hire("prop_acme_declined", terms(100));
      await confirmApproval({ approvalId: body.approval.id, humanId: OWNER });
      expect(await balance("PLATFORM_FEES")).toBe(feesBefore + 1_000 + 995);
      expect(await balance("ORG_AVAILABLE:org_acme")).toBe(availableBefore - 10_000 - 1_995);
      const result = (await get(`/approvals/${body.approval.id}`, tokens.full)).body.approval.result;
      const entries = await client.ledgerEntry.findMany({ where: { transactionId: result.paymentIntentId } });
      expect(entries.map((e) => e.amountCents).sort((a, b) => a - b)).toEqual([-10_000, -1_995, 1_995, 10_000]);
    } finally {
      delete process.env.PLATFORM_FEE_PERCENT;
      delete process.env.CONTRACT_FEE_USD;
      resetEnvCache();
    }
  });

  it("409 catalog: proposal_not_hireable (+status), payment_method_required (+billingUrl); 404 another account's", async () => {
    const client = await db();
    await client.proposal.update({ where: { id: "prop_acme_declined" }, data: { status: "NOT_A_FIT" } });
    expectError(await hire("prop_acme_declined", terms(10)), 409, "CONFLICT", {
      reason: "proposal_not_hireable",
      status: "NOT_A_FIT",
    });
    expectError(await hire(proposals.openSecond, terms(999_999)), 409, "CONFLICT", {
      reason: "payment_method_required",
      billingUrl: `${ORIGIN}/billing`,
    });
    expectError(await hire(proposals.otherAccount, terms(10)), 404, "NOT_FOUND", {
      resource: "proposals",
      proposalId: proposals.otherAccount,
    });
  });

  it("gates: 401, scope 403, feature 403, claim 403 — in that order", async () => {
    expectError(await hire(proposals.openSecond, terms(10), ""), 401, "UNAUTHORIZED", {});
    expectError(await hire(proposals.openSecond, terms(10), tokens.featureOff), 403, "FORBIDDEN", {
      requiredScopes: ["proposals:write"],
      grantedScopes: ["payments:read", "payments:write"],
    });
    const noHiring = await tokenFor("org_unclaimed", ["proposals:write"]);
    const client = await db();
    await client.account.update({ where: { id: "org_unclaimed" }, data: { claimedAt: new Date() } });
    expectError(await hire(proposals.openSecond, terms(10), noHiring), 403, "FORBIDDEN", {
      featureKey: "public_api_hiring",
    });
    await client.account.update({
      where: { id: "org_unclaimed" },
      data: { claimedAt: null, features: { create: { key: "public_api_hiring" } } },
    });
    expect((await hire(proposals.openSecond, terms(10), noHiring)).body.details).toEqual({
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: `${ORIGIN}/claim`,
    });
  });

  it("400 with details.field for each bad field", async () => {
    const cases: [unknown, string][] = [
      [{}, "milestone"],
      [{ milestone: { amount: 10 } }, "milestone.description"],
      [{ milestone: { name: "x", amount: 0 } }, "milestone.amount"],
      [{ milestone: { name: "x", amount: 1.001 } }, "milestone.amount"],
      [{ milestone: { name: "x", amountUsd: 10 } }, "milestone.amount"],
      [{ milestone: { name: "\ud800", amount: 10 } }, "milestone.name"],
      [{ milestone: { name: "x", amount: 10, dueDate: "soon" } }, "milestone.dueDate"],
    ];
    for (const [body, field] of cases)
      expectError(await hire(proposals.openSecond, body), 400, "BAD_REQUEST", { field });
  });

  it("confirm after the proposal was hired elsewhere: the approval is voided and nothing moves", async () => {
    const client = await db();
    const { body } = await hire(proposals.openSecond, terms(20));
    await client.proposal.update({ where: { id: proposals.openSecond }, data: { status: "DECLINED" } });
    const resolution = await confirmApproval({ approvalId: body.approval.id, humanId: OWNER });
    expect(resolution).toMatchObject({ outcome: "cancelled", cancelReason: "proposal_not_hireable" });
    expect(await client.contract.count({ where: { proposalId: proposals.openSecond } })).toBe(0);
    await client.proposal.update({ where: { id: proposals.openSecond }, data: { status: "SHORTLISTED" } });
  });

  it("an adjusted amount the balance cannot cover is refused and the approval stays pending", async () => {
    const { body } = await hire(proposals.openSecond, terms(20));
    await expect(
      confirmApproval({
        approvalId: body.approval.id,
        humanId: OWNER,
        choices: { milestone: { name: "x", description: "", amountCents: 99_999_900 } },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "payment_method_required" } });
    expect((await get(`/approvals/${body.approval.id}`, tokens.full)).body.approval.status).toBe("pending");
    await declineApproval({ approvalId: body.approval.id, humanId: OWNER });
  });

  it("10 concurrent first requests with the same terms: one approval; with different terms: exactly one stays pending", async () => {
    const same = await Promise.all(Array.from({ length: 10 }, () => hire(proposals.openSecond, terms(30))));
    expect(same.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(new Set(same.map((r) => r.body.approval.id)).size).toBe(1);
    const different = await Promise.all(
      Array.from({ length: 10 }, (_, i) => hire(proposals.openSecond, terms(31 + i))),
    );
    expect(different.map((r) => r.status)).toEqual(Array(10).fill(202));
    const client = await db();
    expect(await client.approval.count({ where: { proposalId: proposals.openSecond, status: "pending" } })).toBe(1);
    const pending = await client.approval.findFirstOrThrow({
      where: { proposalId: proposals.openSecond, status: "pending" },
    });
    await declineApproval({ approvalId: pending.id, humanId: OWNER });
  });
});
