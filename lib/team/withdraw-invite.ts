import "server-only";
import { db } from "@/lib/db";

/**
 * Withdraws an open invitation of the account (the settings page's "Withdraw"; the caller has checked that the
 * human is an owner). Conditional on the account: another account's invitation id withdraws nothing. Returns
 * whether one was withdrawn. A sign-up with that address afterwards joins no one (lib/team/accept-invites.ts).
 */
export async function withdrawInvite({ accountId, inviteId }: { accountId: string; inviteId: string }) {
  const client = await db();
  const { count } = await client.teamInvite.deleteMany({ where: { id: inviteId, accountId } });
  return count === 1;
}
