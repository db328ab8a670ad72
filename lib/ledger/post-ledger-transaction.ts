import "server-only";
import type { LedgerTransactionKind } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { ensureLedgerAccount, ledgerKey, type LedgerOwner } from "@/lib/ledger/ledger-accounts";

export type LedgerMove = { from: LedgerOwner; to: LedgerOwner; amountCents: number };

export class InsufficientFundsError extends Error {
  constructor(readonly ledgerKey: string) {
    super(`Insufficient funds in ${ledgerKey}`);
  }
}

/**
 * The one path by which money moves. Each move becomes two entries (−from, +to), so every transaction sums to
 * zero by construction; balances change with a conditional write that refuses to take any account but EXTERNAL
 * below zero — a concurrent spender finds nothing to update and the whole transaction rolls back.
 * Must run inside the transaction of the state change it pays for.
 */
export async function postLedgerTransaction(
  tx: Tx,
  input: {
    kind: LedgerTransactionKind;
    memo: string;
    approvalId?: string;
    milestoneId?: string;
    topUpId?: string;
    moves: LedgerMove[];
  },
): Promise<{ transactionId: string }> {
  for (const move of input.moves) {
    if (!Number.isSafeInteger(move.amountCents) || move.amountCents <= 0) {
      throw new ApiError("INTERNAL_ERROR", "A ledger move must be a positive whole number of cents.");
    }
  }
  const createdAt = now();
  const transactionId = newId("ltx");
  await tx.ledgerTransaction.create({
    data: {
      id: transactionId,
      kind: input.kind,
      memo: input.memo,
      approvalId: input.approvalId ?? null,
      milestoneId: input.milestoneId ?? null,
      topUpId: input.topUpId ?? null,
      createdAt,
    },
  });
  for (const move of input.moves) {
    const from = await ensureLedgerAccount(tx, move.from);
    const to = await ensureLedgerAccount(tx, move.to);
    const debited = await tx.ledgerAccount.updateMany({
      where: { id: from.id, ...(move.from.kind === "EXTERNAL" ? {} : { balanceCents: { gte: move.amountCents } }) },
      data: { balanceCents: { decrement: move.amountCents } },
    });
    if (debited.count !== 1) throw new InsufficientFundsError(ledgerKey(move.from));
    await tx.ledgerAccount.update({ where: { id: to.id }, data: { balanceCents: { increment: move.amountCents } } });
    await tx.ledgerEntry.createMany({
      data: [
        { id: newId("le"), transactionId, ledgerAccountId: from.id, amountCents: -move.amountCents, createdAt },
        { id: newId("le"), transactionId, ledgerAccountId: to.id, amountCents: move.amountCents, createdAt },
      ],
    });
  }
  return { transactionId };
}
