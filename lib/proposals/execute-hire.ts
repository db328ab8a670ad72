import "server-only";
import { hashBoundFacts } from "@/lib/approvals/bound-facts";
import type { ConfirmChoices, Execution } from "@/lib/approvals/execution";
import type { Approval, Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { balanceOf, ledgerKey } from "@/lib/ledger/ledger-accounts";
import { InsufficientFundsError } from "@/lib/ledger/post-ledger-transaction";
import { fundingFees, postFunding } from "@/lib/milestones/funding";
import { fundsBlocker } from "@/lib/milestones/preconditions";
import { parseHireTerms } from "@/lib/proposals/hire-terms";
import { HIREABLE_STATUSES, hireBlocker } from "@/lib/proposals/preconditions";

/**
 * Confirming a proposal_hire, inside confirmApproval's transaction: the proposal becomes HIRED (a conditional write:
 * of two hires of one proposal only one can), a contract is created with milestone #1, which is funded through the
 * one funding path, fees included. The human's adjusted milestone, when given, wins over the agent's terms.
 */
export async function executeHire(
  tx: Tx,
  approval: Approval,
  at: Date,
  adjusted: ConfirmChoices["milestone"],
): Promise<Execution> {
  const proposal = await tx.proposal.findUnique({
    where: { id: approval.proposalId ?? "" },
    include: { job: true, freelancer: true },
  });
  if (!proposal || proposal.job.accountId !== approval.accountId) return { cancelReason: "terms_changed" };
  const blocker = hireBlocker(proposal);
  if (blocker) return { cancelReason: blocker };
  // The payee and the agent's terms as bound when it asked (a proposal's trainer cannot change, but the hash says so).
  const bound = hashBoundFacts({
    type: approval.type,
    accountId: proposal.job.accountId,
    contractId: null,
    milestoneId: null,
    amountCents: approval.amountCents,
    payeeFreelancerId: proposal.freelancerId,
    terms: approval.terms,
  });
  if (bound !== approval.factsHash) return { cancelReason: "terms_changed" };

  const asked = parseHireTerms(approval.terms);
  const milestoneTerms = {
    name: adjusted?.name ?? asked.name ?? "Milestone 1",
    description: adjusted?.description ?? asked.description ?? "",
    amountCents: adjusted?.amountCents ?? approval.amountCents,
  };
  const available = { kind: "ORG_AVAILABLE" as const, accountId: approval.accountId };
  const fees = fundingFees(milestoneTerms.amountCents, { isHire: true });
  // Not enough for what the human chose: roll everything back and keep the approval pending, so they can lower
  // the amount or add funds and confirm again (confirmApproval answers payment_method_required).
  if (fundsBlocker(await balanceOf(tx, available), { amountCents: milestoneTerms.amountCents + fees.totalFeeCents })) {
    throw new InsufficientFundsError(ledgerKey(available));
  }

  const hired = await tx.proposal.updateMany({
    where: { id: proposal.id, status: { in: [...HIREABLE_STATUSES] } },
    data: { status: "HIRED" },
  });
  if (hired.count !== 1) return { cancelReason: "proposal_already_hired" };

  const contractId = newId("ctr");
  const milestoneId = newId("ms");
  const invoiceId = newId("inv");
  await tx.contract.create({
    data: {
      id: contractId,
      accountId: approval.accountId,
      jobId: proposal.jobId,
      proposalId: proposal.id,
      freelancerId: proposal.freelancerId,
      title: `${proposal.job.title} — ${proposal.freelancer.displayName}`,
      status: "ACTIVE",
      paymentType: "FIXED",
      rateCents: proposal.rateCents,
      createdAt: at,
      updatedAt: at,
    },
  });
  const milestone = await tx.milestone.create({
    data: {
      id: milestoneId,
      contractId,
      milestoneNumber: 1,
      ...milestoneTerms,
      status: "ACTIVE_FUNDED",
      dueDate: asked.dueDate ? new Date(asked.dueDate) : null,
      invoiceId,
      createdAt: at,
      updatedAt: at,
    },
  });
  await tx.invoice.create({
    data: {
      id: invoiceId,
      accountId: approval.accountId,
      milestoneId,
      amountCents: milestone.amountCents,
      createdAt: at,
    },
  });
  const { transactionId } = await postFunding(tx, {
    accountId: approval.accountId,
    approvalId: approval.id,
    milestone,
    isHire: true,
  });
  // The approval now names what it created, and the amount that was confirmed (the human's, where they changed it).
  await tx.approval.update({
    where: { id: approval.id },
    data: { contractId, milestoneId, amountCents: milestone.amountCents },
  });

  return {
    result: {
      hired: true,
      contractId,
      jobId: proposal.jobId,
      freelancerUserId: proposal.freelancerId,
      milestoneId,
      invoiceId,
      paymentIntentId: transactionId,
    },
    events: [
      {
        accountId: approval.accountId,
        type: "contract.created",
        resourceId: contractId,
        jobId: proposal.jobId,
        data: { contractId, jobId: proposal.jobId, proposalId: proposal.id },
      },
      {
        accountId: approval.accountId,
        type: "milestone.status_changed",
        resourceId: milestoneId,
        jobId: proposal.jobId,
        data: { milestoneId, contractId, status: "ACTIVE_FUNDED" },
      },
    ],
  };
}
