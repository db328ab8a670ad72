import "server-only";
import type { Tx } from "@/lib/db";

/**
 * A new human's open invitations become memberships (MEMBER), inside the transaction that creates the human. Each
 * invitation is taken by a conditional delete — only while it is open (expiresAt after `at`) and still there — so
 * an expired one, one withdrawn meanwhile, or one a parallel sign-up already took joins no one. Returns the accounts
 * joined.
 */
export async function acceptInvites(tx: Tx, { humanId, email, at }: { humanId: string; email: string; at: Date }) {
  const open = await tx.teamInvite.findMany({
    where: { email, expiresAt: { gt: at } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, accountId: true },
  });
  const joined: string[] = [];
  for (const invite of open) {
    const { count } = await tx.teamInvite.deleteMany({ where: { id: invite.id, expiresAt: { gt: at } } });
    if (count === 0) continue;
    await tx.membership.create({ data: { humanId, accountId: invite.accountId, role: "MEMBER", createdAt: at } });
    joined.push(invite.accountId);
  }
  return joined;
}
