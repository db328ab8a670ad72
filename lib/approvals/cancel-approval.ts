import "server-only";
import { finalEvent } from "@/lib/approvals/approval-events";
import { conflictsOf, notFound } from "@/lib/api/errors";
import { openWhere, refreshIfDue } from "@/lib/approvals/expire-approvals";
import { CANCEL_CONFLICT_REASONS } from "@/lib/approvals/schemas";
import { now } from "@/lib/clock";
import { db, type Approval, type Tx } from "@/lib/db";
import { emitEvents } from "@/lib/events/emit-events";

const cancelConflict = conflictsOf(CANCEL_CONFLICT_REASONS);

/** Why an agent's pending approval was cancelled before a human decided: withdrawn by it, or replaced by a new one. */
export type CancelledBy = "withdrawn" | "superseded";

/**
 * Inside a transaction: pending (and inside its window) → cancelled, with its final event. A conditional write, so a
 * human's confirm or decline, an expiry or another cancel that got there first keeps its outcome; returns whether
 * this call made the change.
 */
export async function cancelPendingInTx(
  tx: Tx,
  approval: Pick<Approval, "id" | "type" | "accountId" | "jobId">,
  reason: CancelledBy,
) {
  const at = now();
  const moved = await tx.approval.updateMany({
    where: { id: approval.id, ...openWhere(at) },
    data: {
      status: "cancelled",
      pendingKey: null,
      resolvedAt: at,
      result: JSON.stringify({ cancelled: true, reason }),
    },
  });
  if (moved.count === 0) return false;
  await emitEvents(tx, [finalEvent(approval, "cancelled")]);
  return true;
}

/** A new request with other terms replaces the pending approval (findOrCreatePendingApproval). */
export async function supersedeApproval(approval: Approval) {
  const client = await db();
  return client.$transaction((tx) => cancelPendingInTx(tx, approval, "superseded"));
}

/**
 * POST /approvals/{id}/cancel: the agent withdraws a pending approval of its account. `preloaded` is the approval
 * the token statement read (null: none with that id on this account, which reads as missing).
 */
export async function cancelApprovalByAgent(approvalId: string, preloaded: Approval | null): Promise<Approval> {
  if (!preloaded) throw notFound("approvals", "approvalId", approvalId);
  // A due one is expired first (with its event): it is final, and cancelling it would hide that it ran out.
  const current = await refreshIfDue(preloaded);
  const client = await db();
  if (
    current.status === "pending" &&
    (await client.$transaction((tx) => cancelPendingInTx(tx, current, "withdrawn")))
  ) {
    return client.approval.findUniqueOrThrow({ where: { id: approvalId } });
  }
  // Final already, or a human (or the clock) got there between our read and our write: the real status.
  const final =
    current.status === "pending"
      ? await refreshIfDue(await client.approval.findUniqueOrThrow({ where: { id: approvalId } }))
      : current;
  throw cancelConflict(
    "approval_not_pending",
    `The approval is ${final.status}; only a pending approval can be cancelled.`,
    { status: final.status },
  );
}
