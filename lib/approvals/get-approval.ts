import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { notFound } from "@/lib/api/errors";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { db } from "@/lib/db";

/** One approval of this account as it is now (a pending one past its window reads as expired), or 404. */
export async function getApprovalOrThrow(accountId: string, approvalId: string) {
  const client = await db();
  // Hot path of every poll: one raw query (docs/reliability.md).
  const [approval] = await client.$queryRaw<Approval[]>`SELECT * FROM "Approval" WHERE "id" = ${approvalId} AND "accountId" = ${accountId}`;
  if (!approval) throw notFound("approvals", "approvalId", approvalId);
  return refreshIfDue(approval);
}
