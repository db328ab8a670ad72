import "server-only";
import { isOpen } from "@/lib/approvals/expire-approvals";
import { getApprovalReview } from "@/lib/approvals/get-approval-review";
import { now } from "@/lib/clock";
import { db, type NoticeKind, type NoticeStatus } from "@/lib/db";
import { sendMail } from "@/lib/mail/send-mail";
import { approvalEmail } from "@/lib/notify/approval-email";
import { getEmailPreferences } from "@/lib/notify/email-preferences";

/** Tries at handing one email to the mail server before it is given up (FAILED). */
export const MAX_SEND_ATTEMPTS = 5;
/** The wait before each retry: a mail server that is down for a while gets about an hour and a half in all. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 20 * 60_000, 60 * 60_000];

type Outcome = "sent" | "skipped" | "failed" | "retry" | "taken";

/**
 * Sends the notices that are due at `at`, each at most once, whatever other runs do at the same moment. Returns
 * what happened to them.
 *
 * Concurrency: a notice is sent only by the run whose conditional write moved it PENDING → SENDING (claimedBy this
 * run); every other run's write matches no row and it moves on. A run that dies while holding one leaves it SENDING,
 * and failInterruptedNotices never sends that one again: an email that might have gone out is not sent twice.
 */
export async function sendDueNotices(input: { at: Date; runId: string; baseUrl: string; limit?: number }) {
  const client = await db();
  const due = await client.approvalNotice.findMany({
    where: { status: "PENDING", dueAt: { lte: input.at } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: input.limit ?? 50,
    select: { id: true },
  });
  const counts: Record<Outcome, number> = { sent: 0, skipped: 0, failed: 0, retry: 0, taken: 0 };
  for (const { id } of due) counts[await sendNotice(id, input)]++;
  return counts;
}

async function sendNotice(id: string, input: { at: Date; runId: string; baseUrl: string }): Promise<Outcome> {
  const client = await db();
  const claimed = await client.approvalNotice.updateMany({
    where: { id, status: "PENDING", dueAt: { lte: input.at } },
    data: { status: "SENDING", claimedBy: input.runId, claimedAt: now(), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return "taken";
  const notice = await client.approvalNotice.findUniqueOrThrow({
    where: { id },
    include: { human: { select: { email: true } } },
  });
  // Only the run holding the claim writes the outcome (a conditional write again).
  const finish = (status: NoticeStatus, data: { outcome?: string; sentAt?: Date; dueAt?: Date } = {}) =>
    client.approvalNotice.updateMany({
      where: { id, status: "SENDING", claimedBy: input.runId },
      data: { status, ...data, ...(status === "PENDING" ? { claimedBy: null, claimedAt: null } : {}) },
    });

  const outcome = await deliver(notice, input.baseUrl);
  if (outcome.status === "SENT") await finish("SENT", { sentAt: now() });
  else if (outcome.status === "SKIPPED") await finish("SKIPPED", { outcome: outcome.reason });
  else if (notice.attempts >= MAX_SEND_ATTEMPTS) await finish("FAILED", { outcome: "send_failed" });
  else {
    const delay = RETRY_DELAYS_MS[Math.min(notice.attempts - 1, RETRY_DELAYS_MS.length - 1)];
    await finish("PENDING", { dueAt: new Date(now().getTime() + delay) });
    return "retry";
  }
  return outcome.status === "SENT" ? "sent" : outcome.status === "SKIPPED" ? "skipped" : "failed";
}

type Delivery = { status: "SENT" } | { status: "SKIPPED"; reason: string } | { status: "NOT_SENT" };

async function deliver(
  notice: { approvalId: string; humanId: string; kind: NoticeKind; human: { email: string } },
  baseUrl: string,
): Promise<Delivery> {
  // Checked now, not when it was planned: a decided approval, an owner who left or turned the email off gets none.
  const review = await getApprovalReview({ approvalId: notice.approvalId, humanId: notice.humanId });
  if (!review || !isOpen(review.approval, now())) return { status: "SKIPPED", reason: "approval_final" };
  if (!review.canResolve) return { status: "SKIPPED", reason: "not_owner" };
  const preferences = await getEmailPreferences(notice.humanId);
  if (!(notice.kind === "NEW_APPROVAL" ? preferences.newApprovals : preferences.reminders))
    return { status: "SKIPPED", reason: "preference_off" };
  const mail = approvalEmail({ to: notice.human.email, kind: notice.kind, review, baseUrl, at: now() });
  // false: the mail server refused it or could not be reached (sendMail logged why), so a retry does not double it —
  // except after a timeout that fell after the server had taken the whole message, the one case SMTP cannot tell.
  return (await sendMail(mail)) ? { status: "SENT" } : { status: "NOT_SENT" };
}
