import "server-only";
import type { Db, MembershipRole, Tx } from "@/lib/db";

// Who may see and who may decide an approval: the one home of that rule, for the co-sign page (what to show) and
// for the confirmation and decline (inside their transactions). Members of the approval's account may read it;
// only its owners may confirm or decline — an agent's request is co-signed by someone who answers for the money.
const RESOLVING_ROLES: readonly MembershipRole[] = ["OWNER"];

export type ApprovalAccess = { role: MembershipRole; accountName: string; canResolve: boolean };

/** The human's access to the account's approvals; null when they are not a member (which reads as not found). */
export async function findApprovalAccess(client: Db | Tx, humanId: string, accountId: string): Promise<ApprovalAccess | null> {
  const membership = await client.membership.findUnique({
    where: { humanId_accountId: { humanId, accountId } },
    select: { role: true, account: { select: { name: true } } },
  });
  if (!membership) return null;
  return { role: membership.role, accountName: membership.account.name, canResolve: RESOLVING_ROLES.includes(membership.role) };
}
