import "server-only";
import { configuredBaseUrl } from "@/lib/api/base-url";
import { now } from "@/lib/clock";
import { db, isUniqueViolation } from "@/lib/db";
import { newId } from "@/lib/ids";
import { sendMail } from "@/lib/mail/send-mail";
import { teamInviteEmail } from "@/lib/mail/team-invite-email";
import { getTeam } from "@/lib/team/get-team";
import { INVITE_WINDOW_MS, type InviteStatus } from "@/lib/team/schemas";

const INVITE_DAYS = INVITE_WINDOW_MS / (24 * 60 * 60 * 1000);

/**
 * Invites a MEMBER by email (already lower-cased by the schema). A human who already has an account becomes a member
 * at once (member_added); anyone else gets an invitation row, renewed if one exists (invite_created), which their
 * sign-up with that address turns into a membership (lib/team/accept-invites.ts). Either way they get an email;
 * mail failing never fails the invitation (emailSent: false). Its link is built on the configured origin
 * (configuredBaseUrl), never on the request's Host header; without one (production without APP_URL) no email goes out.
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
  const team = await getTeam({ accountId });
  const baseUrl = configuredBaseUrl();
  const emailSent =
    status !== "already_member" &&
    baseUrl !== null &&
    (await sendMail(
      teamInviteEmail({
        to: email,
        accountName: team.organization.name,
        link: status === "member_added" ? `${baseUrl}/approvals` : `${baseUrl}/sign-up`,
        days: INVITE_DAYS,
        isMemberAlready: status === "member_added",
      }),
    ));
  return { ok: true as const, status, email, emailSent, team };
}
