import "server-only";
import type { ProposalStatus } from "@/lib/db";
import type { HireConflictReason } from "@/lib/proposals/schemas";

// What must hold of a proposal to hire from it. The agent's request checks it (409 with the reason) and the human's
// confirmation checks it again inside the transaction that creates the contract (voiding the approval with the same
// reason): one rule, read at two moments.
export const HIREABLE_STATUSES: readonly ProposalStatus[] = ["UNREVIEWED", "SHORTLISTED", "MAYBE", "RESUME_SENT"];

/** Why the proposal cannot be hired from now, in the contract's order; null when it can. */
export function hireBlocker(proposal: {
  status: ProposalStatus;
}): Exclude<HireConflictReason, "payment_method_required"> | null {
  if (proposal.status === "HIRED") return "proposal_already_hired";
  if (!HIREABLE_STATUSES.includes(proposal.status)) return "proposal_not_hireable";
  return null;
}
