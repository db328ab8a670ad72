import "server-only";
import { conflictsOf } from "@/lib/api/errors";
import type { MilestoneForApproval } from "@/lib/db";
import { getMilestoneForApprovalOrThrow } from "@/lib/milestones/load-milestone";
import { requestMilestoneApproval } from "@/lib/milestones/milestone-approval";
import { releaseBlocker } from "@/lib/milestones/preconditions";
import { RELEASE_CONFLICT_REASONS } from "@/lib/milestones/schemas";

const releaseConflict = conflictsOf(RELEASE_CONFLICT_REASONS);

/** POST /milestones/{id}/approve: records (or returns) the pending `milestone_approve` approval. Moves no money. */
export async function requestMilestoneRelease(
  input: { accountId: string; tokenId: string; milestoneId: string },
  preloaded: MilestoneForApproval | null,
) {
  const { milestone, pending } = getMilestoneForApprovalOrThrow(input.milestoneId, "milestone_approve", preloaded);
  const { contract } = milestone;
  const blocker = releaseBlocker({ milestone, contract });
  if (blocker === "contract_ended")
    throw releaseConflict(blocker, "The milestone's contract has ended.", { contractId: contract.id });
  if (blocker === "milestone_cancelled") throw releaseConflict(blocker, "The milestone has been cancelled.");
  if (blocker === "milestone_not_funded") {
    throw releaseConflict(blocker, "The milestone is not funded: fund it before requesting release.", {
      status: milestone.status,
    });
  }
  if (blocker === "milestone_not_releasable") {
    throw releaseConflict(blocker, `The milestone is ${milestone.status} and cannot be released.`, {
      status: milestone.status,
    });
  }
  return requestMilestoneApproval("milestone_approve", input, milestone, pending);
}
