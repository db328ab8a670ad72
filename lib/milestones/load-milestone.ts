import "server-only";
import type { Contract, Milestone } from "@/generated/sqlite/client";
import { notFound } from "@/lib/api/errors";
import { readRows, withDates, type Row } from "@/lib/db-direct";

type ContractFields = Pick<Contract, "id" | "accountId" | "jobId" | "freelancerId" | "status">;
export type MilestoneWithContract = Milestone & { contract: ContractFields };

/**
 * A milestone on a contract of this account, or 404 — another account's milestone reads exactly like a missing one.
 * Hot path of approve and fund: one join on the fast read path (lib/db-direct.ts).
 */
export async function getMilestoneOrThrow(accountId: string, milestoneId: string): Promise<MilestoneWithContract> {
  const rows = await readRows(
    `SELECT m.*, c."accountId" AS "c_accountId", c."jobId" AS "c_jobId", c."freelancerId" AS "c_freelancerId", c."status" AS "c_status"
       FROM "Milestone" m
       JOIN "Contract" c ON c."id" = m."contractId"
      WHERE m."id" = ? AND c."accountId" = ?`,
    milestoneId,
    accountId,
  );
  const row = rows[0];
  if (!row) throw notFound("milestones", "milestoneId", milestoneId);
  const { c_accountId, c_jobId, c_freelancerId, c_status, ...columns } = row as Row & { c_accountId: string; c_jobId: string; c_freelancerId: string; c_status: Contract["status"] };
  const milestone = withDates<Milestone>({ ...columns, needsReview: Boolean(columns.needsReview) }, ["dueDate", "createdAt", "updatedAt"]);
  return { ...milestone, contract: { id: milestone.contractId, accountId: c_accountId, jobId: c_jobId, freelancerId: c_freelancerId, status: c_status } };
}
