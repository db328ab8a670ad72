import "server-only";
import { conflict } from "@/lib/api/errors";
import { requestMilestoneApproval } from "@/lib/milestones/milestone-approval";
import { getMilestoneForApprovalOrThrow, type MilestoneForApproval } from "@/lib/milestones/load-milestone";

export type ReleaseConflictReason = "contract_ended" | "milestone_cancelled" | "milestone_not_funded" | "milestone_not_releasable";

/**
 * POST /milestones/{id}/approve: records (or returns) the pending `milestone_approve` approval. Moves no money.
 * The 409 reasons are checked in the contract's order.
 */
export async function requestMilestoneRelease(
  input: { accountId: string; tokenId: string; milestoneId: string },
  preloaded?: MilestoneForApproval | null,
) {
  const { milestone, pending } = await getMilestoneForApprovalOrThrow(input.accountId, input.milestoneId, "milestone_approve", preloaded);
  const { contract } = milestone;
  if (contract.status === "ENDED") {
    throw conflict("contract_ended", "The milestone's contract has ended.", { contractId: contract.id });
  }
  if (milestone.status === "CANCELLED") throw conflict("milestone_cancelled", "The milestone has been cancelled.");
  if (milestone.status === "NOT_FUNDED") {
    throw conflict("milestone_not_funded", "The milestone is not funded: fund it before requesting release.", { status: milestone.status });
  }
  if (milestone.status !== "ACTIVE_FUNDED") {
    throw conflict("milestone_not_releasable", `The milestone is ${milestone.status} and cannot be released.`, { status: milestone.status });
  }

  return requestMilestoneApproval("milestone_approve", input, milestone, pending);
}
