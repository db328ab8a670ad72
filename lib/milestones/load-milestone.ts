import "server-only";
import type { Approval, Contract, Milestone } from "@/generated/sqlite/client";
import { notFound } from "@/lib/api/errors";
import { joinedApproval, joinedApprovalColumns } from "@/lib/approvals/approval-row";
import { pendingKeyFor } from "@/lib/approvals/bound-facts";
import { readRows, withDates, type Row } from "@/lib/db-direct";

type ContractFields = Pick<Contract, "id" | "accountId" | "jobId" | "freelancerId" | "status">;
export type MilestoneWithContract = Milestone & { contract: ContractFields };

// Built once: the statement caches are keyed by the SQL text.
const MILESTONE_WITH_PENDING_SQL = `SELECT m.*, c."accountId" AS "c_accountId", c."jobId" AS "c_jobId", c."freelancerId" AS "c_freelancerId", c."status" AS "c_status",
        ${joinedApprovalColumns("a")}
   FROM "Milestone" m
   JOIN "Contract" c ON c."id" = m."contractId"
   LEFT JOIN "Approval" a ON a."pendingKey" = ?
  WHERE m."id" = ? AND c."accountId" = ?`;

/**
 * A milestone on a contract of this account, or 404 — another account's milestone reads exactly like a missing one —
 * with the approval of `approvalType` already pending on it, if any. Hot path of approve and fund (and of every
 * replayed request): one query on the fast read path (lib/db-direct.ts), one snapshot of both.
 */
export async function getMilestoneForApprovalOrThrow(
  accountId: string,
  milestoneId: string,
  approvalType: "milestone_approve" | "milestone_fund",
): Promise<{ milestone: MilestoneWithContract; pending: Approval | null }> {
  const rows = await readRows(
    MILESTONE_WITH_PENDING_SQL,
    pendingKeyFor(approvalType, milestoneId),
    milestoneId,
    accountId,
  );
  const row = rows[0];
  if (!row) throw notFound("milestones", "milestoneId", milestoneId);
  const columns: Row = {};
  for (const [key, value] of Object.entries(row)) if (!key.startsWith("c_") && !key.startsWith("approval_")) columns[key] = value;
  const milestone = withDates<Milestone>({ ...columns, needsReview: Boolean(columns.needsReview) }, ["dueDate", "createdAt", "updatedAt"]);
  const contract: ContractFields = {
    id: milestone.contractId,
    accountId: row.c_accountId as string,
    jobId: row.c_jobId as string,
    freelancerId: row.c_freelancerId as string,
    status: row.c_status as Contract["status"],
  };
  return { milestone: { ...milestone, contract }, pending: joinedApproval(row) };
}
