import "server-only";
import { db } from "@/lib/db";
import { listCreditEntries } from "@/lib/credits/list-credit-entries";
import { balanceOf } from "@/lib/ledger/ledger-accounts";

const RECENT_ENTRIES = 10;

/** GET /credits: what the account can spend now, what is held in escrow, and its latest movements (zeros, never 404). */
export async function getCredits(input: { accountId: string }) {
  const client = await db();
  const [availableCents, reservedCents, recent] = await Promise.all([
    balanceOf(client, { kind: "ORG_AVAILABLE", accountId: input.accountId }),
    balanceOf(client, { kind: "ORG_ESCROW", accountId: input.accountId }),
    listCreditEntries({ accountId: input.accountId, limit: RECENT_ENTRIES }),
  ]);
  return { availableCents, reservedCents, currency: "usd" as const, recentEntries: recent.entries };
}
