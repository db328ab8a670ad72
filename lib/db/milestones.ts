import "server-only";
import type { Row } from "@/lib/db/direct";
import { columnsOf, pickPrefixed, selectAs } from "@/lib/db/rows";
import type { Approval, ApprovalType, Contract, Milestone } from "@/lib/db/types";
import { joinedApproval, joinedApprovalColumns } from "@/lib/db/approvals";

type ContractFields = Pick<Contract, "id" | "accountId" | "jobId" | "freelancerId" | "status">;
export type MilestoneWithContract = Milestone & { contract: ContractFields };
/** A milestone, its contract and the approval of one type pending on it (null: none). */
export type MilestoneForApproval = {
  milestone: MilestoneWithContract;
  pending: Approval | null;
  pendingType: ApprovalType;
};

const MILESTONE_COLUMNS = columnsOf<Milestone>()(
  "id contractId milestoneNumber name description amountCents status dueDate needsReview deliveryNote invoiceId createdAt updatedAt",
);
const MILESTONE_DATES = ["dueDate", "createdAt", "updatedAt"] as const;
const CONTRACT_COLUMNS = ["accountId", "jobId", "freelancerId", "status"] as const;

/**
 * The select list of a milestone (as m), its contract (as c) and an approval pending on it (as a), prefixed so they
 * can share a row with the token's columns.
 */
export const MILESTONE_FOR_APPROVAL_COLUMNS = [
  selectAs("m", "m_", MILESTONE_COLUMNS),
  selectAs("c", "c_", CONTRACT_COLUMNS),
  joinedApprovalColumns("a"),
].join(", ");

/** The milestone of a row selected with MILESTONE_FOR_APPROVAL_COLUMNS; null when the contract join found none. */
export function milestoneForApprovalFromRow(row: Row, pendingType: ApprovalType): MilestoneForApproval | null {
  // The contract is joined only when the milestone exists and is this account's: no contract, no milestone.
  if (row.c_accountId === null || row.c_accountId === undefined) return null;
  const milestone = pickPrefixed<Milestone>(row, "m_", MILESTONE_COLUMNS, MILESTONE_DATES);
  milestone.needsReview = Boolean(milestone.needsReview);
  const contract = {
    id: milestone.contractId,
    ...pickPrefixed<Omit<ContractFields, "id">>(row, "c_", CONTRACT_COLUMNS, []),
  };
  return { milestone: { ...milestone, contract }, pending: joinedApproval(row), pendingType };
}
