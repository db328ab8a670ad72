import "server-only";
import { notFound } from "@/lib/api/errors";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { readApprovals } from "@/lib/approvals/approval-row";

/** One approval of this account as it is now (a pending one past its window reads as expired), or 404. */
export async function getApprovalOrThrow(accountId: string, approvalId: string) {
  // Hot path of every poll: one query on the fast read path.
  const [approval] = await readApprovals(`SELECT * FROM "Approval" WHERE "id" = ? AND "accountId" = ?`, approvalId, accountId);
  if (!approval) throw notFound("approvals", "approvalId", approvalId);
  return refreshIfDue(approval);
}
