import "server-only";
import { notFound } from "@/lib/api/errors";
import { findAccountAccess } from "@/lib/accounts/account-access";
import { db, type TopUp } from "@/lib/db";

/** GET /credits/top-ups/{id}: the account's own top-up, or 404 — another account's reads exactly like a missing one. */
export async function getTopUpOrThrow(input: { accountId: string; topUpId: string }): Promise<TopUp> {
  const client = await db();
  const topUp = await client.topUp.findFirst({ where: { id: input.topUpId, accountId: input.accountId } });
  if (!topUp) throw notFound("top-ups", "topUpId", input.topUpId);
  return topUp;
}

/** The checkout page's view: null when the human is not a member of the top-up's account (shown as not found). */
export async function getTopUpCheckout(input: { topUpId: string; humanId: string }) {
  const client = await db();
  const topUp = await client.topUp.findUnique({
    where: { id: input.topUpId },
    include: {
      requestedByToken: { select: { label: true } },
      requestedByHuman: { select: { name: true } },
      completedByHuman: { select: { name: true } },
    },
  });
  const access = topUp ? await findAccountAccess(client, input.humanId, topUp.accountId) : null;
  if (!topUp || !access) return null;
  return {
    topUp,
    accountName: access.accountName,
    canComplete: access.canMoveMoney,
    requestedBy: topUp.requestedByToken
      ? `${topUp.requestedByToken.label} (API token)`
      : (topUp.requestedByHuman?.name ?? "—"),
    completedBy: topUp.completedByHuman?.name ?? null,
  };
}
