import "server-only";
import { badRequest } from "@/lib/api/errors";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import type { APPROVAL_STATUSES, APPROVAL_TYPES } from "@/lib/approvals/schemas";
import { db, newestFirst, pageOf } from "@/lib/db";

/** GET /approvals: the account's approvals, newest first; the cursor is the last id of the previous page. */
export async function listApprovals(input: {
  accountId: string;
  status?: (typeof APPROVAL_STATUSES)[number];
  type?: (typeof APPROVAL_TYPES)[number];
  cursor?: string;
  limit: number;
}) {
  // A list must not show a stale `pending`: what is due expires first, with its events.
  await expireDueApprovals({ accountId: input.accountId });
  const client = await db();
  // Only a cursor this account handed out positions the page: another account's id is as unknown as a made-up one.
  if (
    input.cursor &&
    !(await client.approval.findFirst({
      where: { id: input.cursor, accountId: input.accountId },
      select: { id: true },
    }))
  ) {
    throw badRequest("cursor", "Unknown cursor: pass back the nextCursor of a previous page.");
  }
  const rows = await client.approval.findMany({
    where: {
      accountId: input.accountId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.type ? { type: input.type } : {}),
    },
    ...newestFirst(input),
  });
  const page = pageOf(rows, input.limit);
  return { approvals: page.rows, nextCursor: page.nextCursor };
}
