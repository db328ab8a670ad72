import "server-only";
import { db } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";

/** Where every cent of each of the human's accounts went: balances, the ledger, and payouts made. */
export async function getAccountsMoney(humanId: string) {
  const client = await db();
  const memberships = await client.membership.findMany({ where: { humanId }, include: { account: true }, orderBy: { createdAt: "asc" } });
  return Promise.all(
    memberships.map(async ({ account }) => {
      const ledgerAccounts = await client.ledgerAccount.findMany({ where: { accountId: account.id }, select: { id: true, kind: true } });
      const kindById = new Map(ledgerAccounts.map((a) => [a.id, a.kind]));
      const entries = await client.ledgerEntry.findMany({
        where: { ledgerAccountId: { in: [...kindById.keys()] } },
        include: { transaction: true },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 100,
      });
      const payouts = await client.ledgerTransaction.findMany({
        where: { kind: "RELEASE", entries: { some: { ledgerAccountId: { in: [...kindById.keys()] } } } },
        include: { entries: { include: { ledgerAccount: { include: { freelancer: true } } } } },
        orderBy: { createdAt: "desc" },
        take: 50,
      });
      const milestoneNames = new Map(
        (await client.milestone.findMany({ where: { id: { in: payouts.map((p) => p.milestoneId ?? "") } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]),
      );
      return {
        account: { id: account.id, name: account.name },
        available: await balanceOf(client, { kind: "ORG_AVAILABLE", accountId: account.id }),
        escrow: await balanceOf(client, { kind: "ORG_ESCROW", accountId: account.id }),
        entries: entries.map((e) => ({
          id: e.id,
          at: e.createdAt,
          bucket: kindById.get(e.ledgerAccountId) === "ORG_ESCROW" ? "Escrow" : "Available",
          kind: e.transaction.kind,
          memo: e.transaction.memo,
          amountCents: e.amountCents,
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
