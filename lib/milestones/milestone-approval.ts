import "server-only";
import type { Approval, MilestoneWithContract } from "@/lib/db";
import { findOrCreatePendingApproval } from "@/lib/approvals/request-approval";

/**
 * The pending approval for a money movement on one milestone (release or funding), bound to its amount and payee.
 * `pending` is the approval of this type found pending on the milestone by the same read that loaded it.
 */
export function requestMilestoneApproval(
  type: "milestone_approve" | "milestone_fund",
  input: { accountId: string; tokenId: string },
  milestone: MilestoneWithContract,
  pending: Approval | null,
) {
  const { contract } = milestone;
  return findOrCreatePendingApproval({
    type,
    accountId: input.accountId,
    targetId: milestone.id,
    contractId: contract.id,
    milestoneId: milestone.id,
    jobId: contract.jobId,
    proposalId: null,
    amountCents: milestone.amountCents,
    payeeFreelancerId: contract.freelancerId,
    requestedByTokenId: input.tokenId,
    pending,
  });
}
