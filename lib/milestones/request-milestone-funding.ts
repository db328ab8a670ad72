import "server-only";
import { conflict } from "@/lib/api/errors";
import { requestMilestoneApproval } from "@/lib/milestones/milestone-approval";
import { db } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { getMilestoneForApprovalOrThrow, type MilestoneForApproval } from "@/lib/milestones/load-milestone";

export type FundConflictReason = "contract_ended" | "milestone_cancelled" | "milestone_not_fundable" | "payment_method_required";

/**
 * POST /milestones/{id}/fund: records (or returns) the pending `milestone_fund` approval. Moves no money; the
 * balance check here is advice to the agent — confirmation checks again inside the transaction that moves it.
 */
export async function requestMilestoneFunding(
  input: { accountId: string; tokenId: string; milestoneId: string; baseUrl: string },
  preloaded?: MilestoneForApproval | null,
) {
  const { milestone, pending } = await getMilestoneForApprovalOrThrow(input.accountId, input.milestoneId, "milestone_fund", preloaded);
  const { contract } = milestone;
  if (contract.status === "ENDED") {
    throw conflict("contract_ended", "The milestone's contract has ended.", { contractId: contract.id });
  }
  if (milestone.status === "CANCELLED") throw conflict("milestone_cancelled", "The milestone has been cancelled.");
  if (milestone.status !== "NOT_FUNDED") {
    throw conflict("milestone_not_fundable", `The milestone is ${milestone.status}; only a NOT_FUNDED milestone can be funded.`, {
      status: milestone.status,
    });
  }
  const available = await balanceOf(await db(), { kind: "ORG_AVAILABLE", accountId: input.accountId });
  if (available < milestone.amountCents) {
    throw conflict("payment_method_required", "The account's available balance cannot cover this milestone. Add funds first.", {
      billingUrl: `${input.baseUrl}/billing`,
    });
  }

  return requestMilestoneApproval("milestone_fund", input, milestone, pending);
}
