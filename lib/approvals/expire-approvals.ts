import "server-only";
import { finalEvent } from "@/lib/approvals/approval-events";
import { now } from "@/lib/clock";
import { db, readDueApprovals, type Approval, type Prisma, type Tx } from "@/lib/db";
import { emitEvents } from "@/lib/events/emit-events";

// Where approvals expire. The rule — pending, and its window has passed — has one TypeScript form (isDue), one
// Prisma form (dueWhere) and one SQL form (lib/db/approvals.ts dueApprovalSql); everything else asks these.
type Window = Pick<Approval, "status" | "expiresAt">;

/** Pending and past its window at `at`: it must read as expired and can never execute. */
export function isDue(approval: Window, at: Date): boolean {
  return approval.status === "pending" && approval.expiresAt <= at;
}

/** Pending and still inside its window at `at`: a human may still confirm it. */
export function isOpen(approval: Window, at: Date): boolean {
  return approval.status === "pending" && approval.expiresAt > at;
}

export const dueWhere = (at: Date) =>
  ({ status: "pending", expiresAt: { lte: at } }) satisfies Prisma.ApprovalWhereInput;
export const openWhere = (at: Date) =>
  ({ status: "pending", expiresAt: { gt: at } }) satisfies Prisma.ApprovalWhereInput;

/** Inside a transaction: flips one due approval to expired, with its event. Returns whether this call did it. */
export async function expireInTx(
  tx: Tx,
  approval: Pick<Approval, "id" | "type" | "accountId" | "jobId" | "expiresAt">,
) {
  // Conditional write: only a still-due approval can expire; a confirm that won the race keeps its outcome.
  const moved = await tx.approval.updateMany({
    where: { id: approval.id, ...dueWhere(now()) },
    data: { status: "expired", pendingKey: null, resolvedAt: approval.expiresAt, result: null },
  });
  if (moved.count === 0) return false;
  await emitEvents(tx, [finalEvent(approval, "expired")]);
  return true;
}

/**
 * Expires every due approval (of one account, or all), each in its own small transaction with its event.
 * Called before reads that must not show a stale `pending`, and by the background sweep.
 */
export async function expireDueApprovals(options: { accountId?: string; limit?: number } = {}): Promise<number> {
  const client = await db();
  // Runs before every feed read that may need it: an index range scan, usually answering no rows.
  const due = await readDueApprovals({ at: now(), accountId: options.accountId, limit: options.limit ?? 500 });
  let expired = 0;
  for (const approval of due) {
    if (await client.$transaction((tx) => expireInTx(tx, approval))) expired++;
  }
  return expired;
}

/** One approval as it is now: a due one is expired (and its event emitted) first. */
export async function refreshIfDue(approval: Approval): Promise<Approval> {
  if (!isDue(approval, now())) return approval;
  const client = await db();
  await client.$transaction((tx) => expireInTx(tx, approval));
  return client.approval.findUniqueOrThrow({ where: { id: approval.id } });
}
