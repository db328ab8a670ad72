import "server-only";
import { now } from "@/lib/clock";
import { db, isUniqueViolation } from "@/lib/db";
import { newId } from "@/lib/ids";
import { getTeam } from "@/lib/team/get-team";
import { INVITE_WINDOW_MS, type InviteStatus } from "@/lib/team/schemas";

/**
 * Invites a MEMBER by email (already lower-cased by the schema). A human who already has an account becomes a member
 * at once (member_added); anyone else gets an invitation row, renewed if one exists (invite_created). The invitation
 * email is the mailer's (issue 14, item 7), which this branch does not have: the row is recorded, and the mail goes
 * out from here once lib/mail lands.
 */
export async function inviteMember({ accountId, email }: { accountId: string; email: string }) {
  const client = await db();
  const at = now();
  const human = await client.human.findUnique({ where: { email }, select: { id: true } });
  let status: InviteStatus;
  if (human) {
    try {
      await client.membership.create({ data: { humanId: human.id, accountId, role: "MEMBER", createdAt: at } });
      status = "member_added";
    } catch (error) {
      // Already a member (or two invitations raced): the membership's key decides, and its role stays as it was.
      if (!isUniqueViolation(error)) throw error;
      status = "already_member";
    }
    await client.teamInvite.deleteMany({ where: { accountId, email } });
  } else {
    const expiresAt = new Date(at.getTime() + INVITE_WINDOW_MS);
    // One row per account and email (its unique key): a second invitation renews the first, also when two race.
    await client.teamInvite.upsert({
      where: { accountId_email: { accountId, email } },
      create: { id: newId("tinv"), accountId, email, createdAt: at, expiresAt },
      update: { createdAt: at, expiresAt },
    });
    status = "invite_created";
  }
  return { ok: true as const, status, email, team: await getTeam({ accountId }) };
}
