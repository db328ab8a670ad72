import "server-only";
import { now } from "@/lib/clock";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";

export type LedgerOwner =
  | { kind: "EXTERNAL" | "PLATFORM_FEES" }
  | { kind: "ORG_AVAILABLE" | "ORG_ESCROW"; accountId: string }
  | { kind: "TRAINER_PAYOUT"; freelancerId: string };

/** One ledger account per kind and owner; the key is what makes that unique without NULLs. */
export function ledgerKey(owner: LedgerOwner): string {
  if (owner.kind === "ORG_AVAILABLE" || owner.kind === "ORG_ESCROW") return `${owner.kind}:${owner.accountId}`;
  if (owner.kind === "TRAINER_PAYOUT") return `${owner.kind}:${owner.freelancerId}`;
  return owner.kind;
}

export async function ensureLedgerAccount(tx: Tx, owner: LedgerOwner) {
  const key = ledgerKey(owner);
  return tx.ledgerAccount.upsert({
    where: { key },
    update: {},
    create: {
      id: newId("la"),
      key,
      kind: owner.kind,
      accountId: "accountId" in owner ? owner.accountId : null,
      freelancerId: "freelancerId" in owner ? owner.freelancerId : null,
      createdAt: now(),
    },
  });
}

/** Balances read through the cached column: kept equal to the sum of entries by postLedgerTransaction. */
export async function balanceOf(tx: Pick<Tx, "ledgerAccount">, owner: LedgerOwner): Promise<number> {
  const account = await tx.ledgerAccount.findUnique({
    where: { key: ledgerKey(owner) },
    select: { balanceCents: true },
  });
  return account?.balanceCents ?? 0;
}
