import "server-only";
import type { Db, MembershipRole, Tx } from "@/lib/db";

// What a human may do with an account's money: the one home of that rule, for every human path that moves money —
// confirming or declining an agent's payment (lib/approvals/human-access.ts) and completing or cancelling a top-up
// checkout (lib/credits). Members read; only owners decide, because someone who answers for the money must.
const MONEY_ROLES: readonly MembershipRole[] = ["OWNER"];

/** Whether a member with this role may move the account's money (pages use it to decide what to offer). */
export function canMoveMoney(role: MembershipRole): boolean {
  return MONEY_ROLES.includes(role);
}

export type AccountAccess = { role: MembershipRole; accountName: string; canMoveMoney: boolean };

/** The human's access to the account; null when they are not a member (which every caller shows as not found). */
export async function findAccountAccess(
  client: Db | Tx,
  humanId: string,
  accountId: string,
): Promise<AccountAccess | null> {
  const membership = await client.membership.findUnique({
    where: { humanId_accountId: { humanId, accountId } },
    select: { role: true, account: { select: { name: true } } },
  });
  if (!membership) return null;
  return { role: membership.role, accountName: membership.account.name, canMoveMoney: canMoveMoney(membership.role) };
}
