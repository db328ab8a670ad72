import "server-only";
import { badRequest } from "@/lib/api/errors";
import { db, newestFirst, pageOf, type Db, type Prisma } from "@/lib/db";
import { ENTRY_TYPE_OF_KIND, type CreditEntry } from "@/lib/credits/schemas";
import { ledgerKey } from "@/lib/ledger/ledger-accounts";

export type CreditEntriesPage = { entries: CreditEntry[]; nextCursor: string | null };

/**
 * GET /credits/ledger: the account's credit movements, newest first — one entry per ledger transaction that touches
 * the account's available or escrow balance (docs/decisions/0006). The cursor is the last entry's id; one that is
 * not an entry of this account is a 400, never an empty page that would look like the end.
 */
export async function listCreditEntries(input: {
  accountId: string;
  cursor?: string;
  limit: number;
}): Promise<CreditEntriesPage> {
  const client = await db();
  const orgAccounts = await orgLedgerAccounts(client, input.accountId);
  const ids = [...orgAccounts.keys()];
  const mine: Prisma.LedgerTransactionWhereInput = { entries: { some: { ledgerAccountId: { in: ids } } } };
  // Only a cursor from this account's ledger positions the page; newestFirst reads on from it, as on every list.
  if (input.cursor !== undefined) {
    const last =
      ids.length > 0
        ? await client.ledgerTransaction.findFirst({ where: { id: input.cursor, ...mine }, select: { id: true } })
        : null;
    if (!last) throw badRequest("cursor", 'Invalid query parameter "cursor": not an entry of this account\'s ledger');
  }
  if (ids.length === 0) return { entries: [], nextCursor: null };
  const rows = await client.ledgerTransaction.findMany({
    where: mine,
    ...newestFirst(input),
    include: {
      entries: { where: { ledgerAccountId: { in: ids } }, select: { ledgerAccountId: true, amountCents: true } },
    },
  });
  const { rows: page, nextCursor } = pageOf(rows, input.limit);
  const milestoneIds = [...new Set(page.flatMap((t) => (t.milestoneId ? [t.milestoneId] : [])))];
  const contractOf = new Map(
    (
      await client.milestone.findMany({ where: { id: { in: milestoneIds } }, select: { id: true, contractId: true } })
    ).map((m) => [m.id, m.contractId]),
  );
  const entries = page.map((t): CreditEntry => {
    const onAvailable = t.entries.filter((e) => orgAccounts.get(e.ledgerAccountId) === "ORG_AVAILABLE");
    // Seen from the credit the agent can spend: the change to available when the movement touches it (top-up, hold,
    // hold release); otherwise — a capture, paid out of escrow — the change to the reserved balance.
    const legs = onAvailable.length > 0 ? onAvailable : t.entries;
    return {
      id: t.id,
      type: ENTRY_TYPE_OF_KIND[t.kind],
      amountCents: legs.reduce((sum, e) => sum + e.amountCents, 0),
      createdAt: t.createdAt.toISOString(),
      contractId: t.milestoneId ? (contractOf.get(t.milestoneId) ?? null) : null,
      milestoneId: t.milestoneId,
      topUpId: t.topUpId,
      note: t.memo,
    };
  });
  return { entries, nextCursor };
}

/** The account's ORG_AVAILABLE and ORG_ESCROW ledger accounts (either may not exist yet), by id. */
async function orgLedgerAccounts(client: Db, accountId: string) {
  const keys = [ledgerKey({ kind: "ORG_AVAILABLE", accountId }), ledgerKey({ kind: "ORG_ESCROW", accountId })];
  const accounts = await client.ledgerAccount.findMany({
    where: { key: { in: keys } },
    select: { id: true, kind: true },
  });
  return new Map(accounts.map((a) => [a.id, a.kind]));
}
