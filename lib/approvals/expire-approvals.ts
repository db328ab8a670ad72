import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { readApprovals } from "@/lib/approvals/approval-row";
import { now } from "@/lib/clock";
import { db, type Tx } from "@/lib/db";
import { emitEvents } from "@/lib/events/emit-events";

/** Inside a transaction: flips one pending approval whose window has passed. Returns whether this call did it. */
export async function expireInTx(tx: Tx, approval: Pick<Approval, "id" | "type" | "accountId" | "jobId" | "expiresAt">) {
  // Conditional write: only a still-pending approval can expire; a confirm that won the race keeps its outcome.
  const moved = await tx.approval.updateMany({
    where: { id: approval.id, status: "pending", expiresAt: { lte: now() } },
    data: { status: "expired", pendingKey: null, resolvedAt: approval.expiresAt, result: null },
  });
  if (moved.count === 0) return false;
  await emitEvents(tx, [
    {
      accountId: approval.accountId,
      type: "approval.confirmed",
      resourceId: approval.id,
      jobId: approval.jobId,
      data: { approvalId: approval.id, status: "expired", type: approval.type },
    },
  ]);
  return true;
}

/**
 * Expires every due approval (of one account, or all), each in its own small transaction with its event.
 * Called before reads that must not show a stale `pending`, and by the background sweep.
 */
export async function expireDueApprovals(options: { accountId?: string; limit?: number } = {}): Promise<number> {
  const client = await db();
  // Runs before every feed read: a fast-path query on the (status, expiresAt) index, usually answering no rows.
  const due = options.accountId
    ? await readApprovals(
        `SELECT * FROM "Approval" WHERE "status" = 'pending' AND "expiresAt" <= ? AND "accountId" = ? ORDER BY "expiresAt" ASC LIMIT ?`,
        now(),
        options.accountId,
        options.limit ?? 500,
      )
    : await readApprovals(`SELECT * FROM "Approval" WHERE "status" = 'pending' AND "expiresAt" <= ? ORDER BY "expiresAt" ASC LIMIT ?`, now(), options.limit ?? 500);
  let expired = 0;
  for (const approval of due) {
    if (await client.$transaction((tx) => expireInTx(tx, approval))) expired++;
  }
  return expired;
}

/** Reads one approval as it is now: a pending one past its window is expired (and its event emitted) first. */
export async function refreshIfDue(approval: Approval): Promise<Approval> {
  if (approval.status !== "pending" || approval.expiresAt > now()) return approval;
  const client = await db();
  await client.$transaction((tx) => expireInTx(tx, approval));
  return client.approval.findUniqueOrThrow({ where: { id: approval.id } });
}
