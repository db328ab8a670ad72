import "server-only";
import { conflictsOf } from "@/lib/api/errors";
import { db, type MilestoneForApproval } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { getMilestoneForApprovalOrThrow } from "@/lib/milestones/load-milestone";
import { requestMilestoneApproval } from "@/lib/milestones/milestone-approval";
import { fundingBlocker, fundsBlocker } from "@/lib/milestones/preconditions";
import { FUND_CONFLICT_REASONS } from "@/lib/milestones/schemas";

const fundConflict = conflictsOf(FUND_CONFLICT_REASONS);

/**
 * POST /milestones/{id}/fund: records (or returns) the pending `milestone_fund` approval. Moves no money; the
 * balance check here is advice to the agent — confirmation checks again inside the transaction that moves it.
 */
export async function requestMilestoneFunding(
  input: { accountId: string; tokenId: string; milestoneId: string; baseUrl: string },
  preloaded: MilestoneForApproval | null,
) {
  const { milestone, pending } = getMilestoneForApprovalOrThrow(input.milestoneId, "milestone_fund", preloaded);
  const { contract } = milestone;
  const blocker =
    fundingBlocker({ milestone, contract }) ??
    fundsBlocker(await balanceOf(await db(), { kind: "ORG_AVAILABLE", accountId: input.accountId }), milestone);
  if (blocker === "contract_ended")
    throw fundConflict(blocker, "The milestone's contract has ended.", { contractId: contract.id });
  if (blocker === "milestone_cancelled") throw fundConflict(blocker, "The milestone has been cancelled.");
  if (blocker === "milestone_not_fundable") {
    throw fundConflict(blocker, `The milestone is ${milestone.status}; only a NOT_FUNDED milestone can be funded.`, {
      status: milestone.status,
    });
  }
  if (blocker === "payment_method_required") {
    throw fundConflict(blocker, "The account's available balance cannot cover this milestone. Add funds first.", {
      billingUrl: `${input.baseUrl}/billing`,
    });
  }
  return requestMilestoneApproval("milestone_fund", input, milestone, pending);
}
