import "server-only";
import type { ContractStatus, MilestoneStatus } from "@/lib/db";
import type { FundConflictReason, ReleaseConflictReason } from "@/lib/milestones/schemas";

// What must hold of a milestone for each money movement on it. The agent's request checks it (and answers 409 with
// the reason), and the human's confirmation checks it again inside the transaction that moves the money (and voids
// the approval with the same reason): one rule, read twice, at two moments.
type State = { milestone: { status: MilestoneStatus; amountCents: number }; contract: { status: ContractStatus } };

/** Why the milestone's escrow cannot be released now, in the contract's order; null when it can. */
export function releaseBlocker({ milestone, contract }: State): ReleaseConflictReason | null {
  if (contract.status === "ENDED") return "contract_ended";
  if (milestone.status === "CANCELLED") return "milestone_cancelled";
  if (milestone.status === "NOT_FUNDED") return "milestone_not_funded";
  if (milestone.status !== "ACTIVE_FUNDED") return "milestone_not_releasable";
  return null;
}

/** Why the milestone's state does not allow funding now, in the contract's order; null when it does. */
export function fundingBlocker({
  milestone,
  contract,
}: State): Exclude<FundConflictReason, "payment_method_required"> | null {
  if (contract.status === "ENDED") return "contract_ended";
  if (milestone.status === "CANCELLED") return "milestone_cancelled";
  if (milestone.status !== "NOT_FUNDED") return "milestone_not_fundable";
  return null;
}

/** Funding also needs the account's available balance to cover the amount: checked after the state. */
export function fundsBlocker(
  availableCents: number,
  milestone: { amountCents: number },
): "payment_method_required" | null {
  return availableCents < milestone.amountCents ? "payment_method_required" : null;
}
