import "server-only";
import { notFound } from "@/lib/api/errors";
import { findAccountAccess, ownerRequired } from "@/lib/accounts/account-access";
import { now } from "@/lib/clock";
import { db, type TopUp, type Tx } from "@/lib/db";
import { topUpStatusAt } from "@/lib/credits/present-top-up";
import type { TopUpStatusName } from "@/lib/credits/schemas";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";

export type TopUpResolution = {
  topUp: TopUp;
  /** What the top-up is now; differs from what was asked when someone (or the clock) got there first. */
  outcome: TopUpStatusName;
  /** True when this call made the change; false when it found the top-up already final. */
  isMine: boolean;
};

/**
 * The human's "Pay" on the sandbox checkout: the one path by which a top-up puts money in (EXTERNAL → ORG_AVAILABLE).
 *
 * One transaction: the owner rule is re-checked, then a conditional write moves the top-up PENDING → COMPLETED only
 * while it is unexpired — of any number of submissions (a double click, two tabs, a replayed form post) exactly one
 * moves it, the rest find nothing to move and are told the real state — and the ledger transaction is posted by that
 * one. LedgerTransaction.topUpId is unique as well, so even a writer that skipped this function could not credit twice.
 */
export async function completeTopUp(input: { topUpId: string; humanId: string }): Promise<TopUpResolution> {
  const client = await db();
  return client.$transaction(async (tx) => {
    const claimed = await claimPending(tx, input, "COMPLETED");
    if (!claimed.isMine) return claimed;
    await postLedgerTransaction(tx, {
      kind: "TOP_UP",
      memo: "Sandbox checkout top-up",
      topUpId: claimed.topUp.id,
      moves: [
        {
          from: { kind: "EXTERNAL" },
          to: { kind: "ORG_AVAILABLE", accountId: claimed.topUp.accountId },
          amountCents: claimed.topUp.amountCents,
        },
      ],
    });
    return claimed;
  });
}

/** The human's "Cancel" on the checkout: PENDING → CANCELED, nothing moves; a completed one stays completed. */
export async function cancelTopUp(input: { topUpId: string; humanId: string }): Promise<TopUpResolution> {
  const client = await db();
  return client.$transaction((tx) => claimPending(tx, input, "CANCELED"));
}

async function claimPending(
  tx: Tx,
  input: { topUpId: string; humanId: string },
  status: "COMPLETED" | "CANCELED",
): Promise<TopUpResolution> {
  const topUp = await tx.topUp.findUnique({ where: { id: input.topUpId } });
  const access = topUp ? await findAccountAccess(tx, input.humanId, topUp.accountId) : null;
  // Not a member reads exactly like no such top-up.
  if (!topUp || !access) throw notFound("top-ups", "topUpId", input.topUpId);
  if (!access.canMoveMoney) {
    throw ownerRequired(access, "complete or cancel its checkouts");
  }
  const at = now();
  // The expiry is part of the condition, by the same clock the readers use (topUpStatusAt): a checkout submitted
  // after expiresAt moves nothing even if it was loaded before.
  const moved = await tx.topUp.updateMany({
    where: { id: topUp.id, status: "PENDING", expiresAt: { gt: at } },
    data: status === "COMPLETED" ? { status, completedAt: at, completedByHumanId: input.humanId } : { status },
  });
  const current = await tx.topUp.findUniqueOrThrow({ where: { id: topUp.id } });
  if (moved.count === 0) return { topUp: current, outcome: topUpStatusAt(current, at), isMine: false };
  return { topUp: current, outcome: status, isMine: true };
}
