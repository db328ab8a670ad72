import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { notFound } from "@/lib/api/errors";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { joinedApproval, joinedApprovalColumns, readApprovals } from "@/lib/approvals/approval-row";
import { TokenRead } from "@/lib/auth/api-tokens";

/** The approval in the URL, read with the caller's token (withAgent's preload): a poll is one round trip. */
export const approvalWithToken = new TokenRead<{ approvalId: string }, Approval | null>(
  joinedApprovalColumns("r"),
  `LEFT JOIN "Approval" r ON r."id" = ? AND r."accountId" = tok."accountId"`,
  ({ approvalId }) => [approvalId],
  joinedApproval,
);

/**
 * One approval of this account as it is now (a pending one past its window reads as expired), or 404.
 * `preloaded` is what approvalWithToken read for this id (null: none of this account's); undefined reads it here.
 */
export async function getApprovalOrThrow(accountId: string, approvalId: string, preloaded?: Approval | null) {
  const [approval] =
    preloaded !== undefined
      ? [preloaded]
      : await readApprovals(`SELECT * FROM "Approval" WHERE "id" = ? AND "accountId" = ?`, approvalId, accountId);
  if (!approval) throw notFound("approvals", "approvalId", approvalId);
  return refreshIfDue(approval);
}
