import "server-only";
import { canMoveMoney } from "@/lib/accounts/account-access";
import { now } from "@/lib/clock";
import { topUpStatusAt } from "@/lib/credits/present-top-up";
import { db, type LedgerTransactionKind } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";

/** Where every cent of each of the human's accounts went: balances, the ledger by transaction, payouts, top-ups. */
export async function getAccountsMoney(humanId: string) {
  const client = await db();
  const at = now();
  const memberships = await client.membership.findMany({
    where: { humanId },
    include: { account: true },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    memberships.map(async ({ account, role }) => {
      const ledgerAccounts = await client.ledgerAccount.findMany({
        where: { accountId: account.id },
        select: { id: true, kind: true },
      });
      const kindById = new Map(ledgerAccounts.map((a) => [a.id, a.kind]));
      const entries = await client.ledgerEntry.findMany({
        where: { ledgerAccountId: { in: [...kindById.keys()] } },
        include: { transaction: true },
        orderBy: [{ createdAt: "desc" }, { transactionId: "desc" }, { id: "asc" }],
        take: 100,
      });
      // One row per ledger transaction (a funding shows its two legs, available and escrow, together).
      const transactions: {
        id: string;
        at: Date;
        kind: LedgerTransactionKind;
        memo: string;
        legs: { id: string; bucket: "Available" | "Escrow"; amountCents: number }[];
      }[] = [];
      for (const e of entries) {
        let row = transactions.at(-1);
        if (row?.id !== e.transactionId) {
          row = { id: e.transactionId, at: e.createdAt, kind: e.transaction.kind, memo: e.transaction.memo, legs: [] };
          transactions.push(row);
        }
        row.legs.push({
          id: e.id,
          bucket: kindById.get(e.ledgerAccountId) === "ORG_ESCROW" ? "Escrow" : "Available",
          amountCents: e.amountCents,
        });
      }
      // Available first, then escrow, in every row: the same order on every line is what makes the rows scannable.
      for (const row of transactions)
        row.legs.sort((a, b) => (a.bucket === b.bucket ? 0 : a.bucket === "Available" ? -1 : 1));
      const payouts = await client.ledgerTransaction.findMany({
        where: { kind: "RELEASE", entries: { some: { ledgerAccountId: { in: [...kindById.keys()] } } } },
        include: { entries: { include: { ledgerAccount: { include: { freelancer: true } } } } },
        orderBy: { createdAt: "desc" },
        take: 50,
      });
      const milestoneNames = new Map(
        (
          await client.milestone.findMany({
            where: { id: { in: payouts.map((p) => p.milestoneId ?? "") } },
            select: { id: true, name: true },
          })
        ).map((m) => [m.id, m.name]),
      );
      const topUps = await client.topUp.findMany({
        where: { accountId: account.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 5,
      });
      return {
        account: { id: account.id, name: account.name },
        canAddFunds: canMoveMoney(role),
        available: await balanceOf(client, { kind: "ORG_AVAILABLE", accountId: account.id }),
        escrow: await balanceOf(client, { kind: "ORG_ESCROW", accountId: account.id }),
        transactions,
        topUps: topUps.map((t) => ({
          id: t.id,
          at: t.createdAt,
          amountCents: t.amountCents,
          status: topUpStatusAt(t, at),
        })),
        payouts: payouts.map((p) => {
          const credit = p.entries.find((e) => e.amountCents > 0);
          return {
            id: p.id,
            at: p.createdAt,
            payee: credit?.ledgerAccount.freelancer?.displayName ?? "—",
            milestone: milestoneNames.get(p.milestoneId ?? "") ?? "—",
            amountCents: credit?.amountCents ?? 0,
          };
        }),
      };
    }),
  );
}
