import "server-only";
import type { Approval, Contract, Milestone } from "@/generated/sqlite/client";
import { notFound } from "@/lib/api/errors";
import { joinedApproval, joinedApprovalColumns } from "@/lib/approvals/approval-row";
import { pendingKeyFor } from "@/lib/approvals/bound-facts";
import { TokenRead } from "@/lib/auth/api-tokens";
import { readRows, withDates, type Row } from "@/lib/db-direct";

type ContractFields = Pick<Contract, "id" | "accountId" | "jobId" | "freelancerId" | "status">;
export type MilestoneWithContract = Milestone & { contract: ContractFields };
/** A milestone, its contract and the approval of one type pending on it (null: none). */
export type MilestoneForApproval = { milestone: MilestoneWithContract; pending: Approval | null; pendingType: ApprovalType };
type ApprovalType = "milestone_approve" | "milestone_fund";

/** Every column of Milestone; the Record type makes the compiler refuse a list that misses one. */
const MILESTONE_COLUMN_SET: Record<keyof Milestone, true> = {
  id: true,
  contractId: true,
  milestoneNumber: true,
  name: true,
  description: true,
  amountCents: true,
  status: true,
  dueDate: true,
  needsReview: true,
  deliveryNote: true,
  invoiceId: true,
  createdAt: true,
  updatedAt: true,
};
const MILESTONE_COLUMNS = Object.keys(MILESTONE_COLUMN_SET) as (keyof Milestone)[];

// Aliased (m_, c_, approval_) so the columns can share a row with the token's (TokenRead). Built once: the statement
// caches are keyed by the SQL text.
const SELECT_LIST = [
  ...MILESTONE_COLUMNS.map((column) => `m."${column}" AS "m_${column}"`),
  `c."accountId" AS "c_accountId", c."jobId" AS "c_jobId", c."freelancerId" AS "c_freelancerId", c."status" AS "c_status"`,
  joinedApprovalColumns("a"),
].join(", ");

const MILESTONE_WITH_PENDING_SQL = `SELECT ${SELECT_LIST}
   FROM "Milestone" m
   JOIN "Contract" c ON c."id" = m."contractId"
   LEFT JOIN "Approval" a ON a."pendingKey" = ?
  WHERE m."id" = ? AND c."accountId" = ?`;

/** The milestone of a row selected with SELECT_LIST, or null when there is none on a contract of this account. */
function milestoneFromRow(row: Row | undefined, pendingType: ApprovalType): MilestoneForApproval | null {
  // The contract is joined only when the milestone exists and is this account's: no contract, no milestone.
  if (row?.c_accountId === null || row?.c_accountId === undefined) return null;
  const columns: Row = {};
  for (const column of MILESTONE_COLUMNS) columns[column] = row[`m_${column}`];
  const milestone = withDates<Milestone>({ ...columns, needsReview: Boolean(columns.needsReview) }, ["dueDate", "createdAt", "updatedAt"]);
  const contract: ContractFields = {
    id: milestone.contractId,
    accountId: row.c_accountId as string,
    jobId: row.c_jobId as string,
    freelancerId: row.c_freelancerId as string,
    status: row.c_status as Contract["status"],
  };
  return { milestone: { ...milestone, contract }, pending: joinedApproval(row), pendingType };
}

/**
 * The milestone in the URL with the approval of `approvalType` pending on it, read with the caller's token
 * (withAgent's preload): a replayed approve or fund is one round trip. Scoped to the token's account at every join,
 * so another account's milestone — or its pending approval — reads as none.
 */
function milestoneWithToken(approvalType: ApprovalType) {
  return new TokenRead<{ milestoneId: string }, MilestoneForApproval | null>(
    SELECT_LIST,
    `LEFT JOIN "Milestone" m ON m."id" = ?
     LEFT JOIN "Contract" c ON c."id" = m."contractId" AND c."accountId" = tok."accountId"
     LEFT JOIN "Approval" a ON a."pendingKey" = ? AND a."accountId" = tok."accountId"`,
    ({ milestoneId }) => [milestoneId, pendingKeyFor(approvalType, milestoneId)],
    (row) => milestoneFromRow(row, approvalType),
  );
}
export const milestoneForReleaseWithToken = milestoneWithToken("milestone_approve");
export const milestoneForFundingWithToken = milestoneWithToken("milestone_fund");

/**
 * A milestone on a contract of this account, or 404 — another account's milestone reads exactly like a missing one —
 * with the approval of `approvalType` already pending on it, if any: one query on the fast read path
 * (lib/db-direct.ts), one snapshot of both. `preloaded` is what the matching TokenRead above found (null: nothing of
 * this account's); undefined reads it here.
 */
export async function getMilestoneForApprovalOrThrow(
  accountId: string,
  milestoneId: string,
  approvalType: ApprovalType,
  preloaded?: MilestoneForApproval | null,
): Promise<MilestoneForApproval> {
  if (preloaded && preloaded.pendingType !== approvalType) {
    throw new Error(`getMilestoneForApprovalOrThrow: preloaded for ${preloaded.pendingType}, asked for ${approvalType}`);
  }
  const found =
    preloaded !== undefined
      ? preloaded
      : milestoneFromRow((await readRows(MILESTONE_WITH_PENDING_SQL, pendingKeyFor(approvalType, milestoneId), milestoneId, accountId))[0], approvalType);
  if (!found) throw notFound("milestones", "milestoneId", milestoneId);
  return found;
}
