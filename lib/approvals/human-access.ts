import "server-only";
import { findAccountAccess } from "@/lib/accounts/account-access";
import type { Db, MembershipRole, Tx } from "@/lib/db";

// Who may see and who may decide an approval, for the co-sign page (what to show) and for the confirmation and
// decline (inside their transactions). Members of the approval's account may read it; deciding it is moving the
// account's money, whose rule (owners only) lives in lib/accounts/account-access.ts with the top-up checkout's.

export type ApprovalAccess = { role: MembershipRole; accountName: string; canResolve: boolean };

/** The human's access to the account's approvals; null when they are not a member (which reads as not found). */
export async function findApprovalAccess(
  client: Db | Tx,
  humanId: string,
  accountId: string,
): Promise<ApprovalAccess | null> {
  const access = await findAccountAccess(client, humanId, accountId);
  return access && { role: access.role, accountName: access.accountName, canResolve: access.canMoveMoney };
}
