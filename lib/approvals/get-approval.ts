import "server-only";
import { notFound } from "@/lib/api/errors";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { db } from "@/lib/db";

/** One approval of this account as it is now (a pending one past its window reads as expired), or 404. */
export async function getApprovalOrThrow(accountId: string, approvalId: string) {
  const client = await db();
  const approval = await client.approval.findFirst({ where: { id: approvalId, accountId } });
  if (!approval) throw notFound("approvals", "approvalId", approvalId);
  return refreshIfDue(approval);
}
