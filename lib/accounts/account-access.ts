import "server-only";
import { ApiError } from "@/lib/api/errors";
import { db, type Db, type MembershipRole, type Tx } from "@/lib/db";

// What a human may do with an account's money: the one home of that rule, for every human path that moves money —
// confirming or declining an agent's payment (lib/approvals/human-access.ts) and completing or cancelling a top-up
// checkout (lib/credits). Members read; only owners decide, because someone who answers for the money must.
const MONEY_ROLES: readonly MembershipRole[] = ["OWNER"];

/** Whether a member with this role may move the account's money (pages use it to decide what to offer). */
export function canMoveMoney(role: MembershipRole): boolean {
  return MONEY_ROLES.includes(role);
}

// Who holds the keys to the account: only owners mint and revoke API tokens and invite members (issue 14); members
// see the tokens and the team.
const MANAGE_ROLES: readonly MembershipRole[] = ["OWNER"];

/** Whether a member with this role may mint and revoke the account's API tokens and invite members. */
export function canManageAccount(role: MembershipRole): boolean {
  return MANAGE_ROLES.includes(role);
}

/** The 403 a member meets where only an owner may move the account's money: "Only an owner of Acme can <what>." */
export function ownerRequired(access: { accountName: string }, what: string): ApiError {
  return new ApiError("FORBIDDEN", `Only an owner of ${access.accountName} can ${what}.`, { reason: "owner_required" });
}

export type AccountAccess = { role: MembershipRole; accountName: string; canMoveMoney: boolean };

/** Every account the human belongs to, with their role there, oldest membership first. */
export async function listHumanAccounts(humanId: string) {
  const client = await db();
  const memberships = await client.membership.findMany({
    where: { humanId },
    orderBy: [{ createdAt: "asc" }, { accountId: "asc" }],
    select: { accountId: true, role: true, account: { select: { name: true } } },
  });
  return memberships.map((m) => ({
    accountId: m.accountId,
    accountName: m.account.name,
    role: m.role,
    canManage: canManageAccount(m.role),
  }));
}

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

/** Whether the human may manage the account (mint and revoke its tokens, invite members): an owner of it. */
export async function isAccountManager(humanId: string, accountId: string): Promise<boolean> {
  const access = await findAccountAccess(await db(), humanId, accountId);
  return access !== null && canManageAccount(access.role);
}
