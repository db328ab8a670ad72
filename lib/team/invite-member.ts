import "server-only";
import { configuredBaseUrl } from "@/lib/api/base-url";
import { now } from "@/lib/clock";
import { db, isUniqueViolation, lockEmailForMembership } from "@/lib/db";
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
  let status: InviteStatus;
  try {
    status = await client.$transaction(async (tx): Promise<InviteStatus> => {
      // Concurrency: the same lock as that address's sign-up (lib/humans/create-human.ts), so the check below and
      // the write after it see the human, or the sign-up sees the invitation — never neither.
      await lockEmailForMembership(tx, email);
      const human = await tx.human.findUnique({ where: { email }, select: { id: true } });
      if (!human) {
        const expiresAt = new Date(at.getTime() + INVITE_WINDOW_MS);
        // One row per account and email (its unique key): a second invitation renews the first.
        await tx.teamInvite.upsert({
          where: { accountId_email: { accountId, email } },
          create: { id: newId("tinv"), accountId, email, createdAt: at, expiresAt },
          update: { createdAt: at, expiresAt },
        });
        return "invite_created";
      }
      await tx.teamInvite.deleteMany({ where: { accountId, email } });
      const member = await tx.membership.findUnique({
        where: { humanId_accountId: { humanId: human.id, accountId } },
        select: { role: true },
      });
      // Already a member: the role stays as it was.
      if (member) return "already_member";
      await tx.membership.create({ data: { humanId: human.id, accountId, role: "MEMBER", createdAt: at } });
      return "member_added";
    });
  } catch (error) {
    // A membership made meanwhile by a path that does not take the email's lock (a claim): the key decides.
    if (!isUniqueViolation(error)) throw error;
    status = "already_member";
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
