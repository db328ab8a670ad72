import "server-only";
import { everySeconds, type BackgroundWorker } from "@/lib/background/workers";
import { configuredBaseUrl } from "@/lib/api/base-url";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { canSendMail } from "@/lib/mail/send-mail";
import { planNotices } from "@/lib/notify/plan-notices";
import { sendDueNotices } from "@/lib/notify/send-due-notices";

/** A notice held SENDING longer than this belongs to a run that died (one send takes 20 s at most: send-mail.ts). */
const INTERRUPTED_AFTER_MS = 15 * 60_000;

/**
 * A run that died between claiming a notice and recording its outcome may or may not have handed the email over.
 * Such notices are given up (FAILED, "interrupted"), never retried: an owner may miss one email — the reminder, the
 * inbox and the agent's own link remain — but never gets the same one twice.
 */
export async function failInterruptedNotices(at: Date): Promise<number> {
  const { count } = await (
    await db()
  ).approvalNotice.updateMany({
    where: { status: "SENDING", claimedAt: { lt: new Date(at.getTime() - INTERRUPTED_AFTER_MS) } },
    data: { status: "FAILED", outcome: "interrupted" },
  });
  return count;
}

/**
 * One pass of the notifier: gives up interrupted sends, plans what newly became owed, sends what is due. Safe to
 * run in any number of processes at once (each email goes once: plan-notices.ts, send-due-notices.ts). Runs in
 * the background only — never inside an agent's request, which has answered long before.
 */
export async function runNotifier(input: { baseUrl: string }) {
  const at = now();
  const interrupted = await failInterruptedNotices(at);
  const planned = await planNotices({ at });
  const sent = await sendDueNotices({ at, runId: newId("nrun"), baseUrl: input.baseUrl });
  return { interrupted, planned, ...sent };
}

/**
 * The approval emails' worker (lib/background): a pass every NOTIFY_INTERVAL_SECONDS (default 10; 0 turns it off).
 * It does not start — and says so once — when mail goes nowhere or links would have no base URL.
 */
export const approvalEmails: BackgroundWorker = {
  name: "approval emails",
  start() {
    const seconds = Number(process.env.NOTIFY_INTERVAL_SECONDS ?? 10);
    if (!(seconds > 0)) return null;
    const baseUrl = configuredBaseUrl();
    if (!canSendMail() || !baseUrl) {
      console.warn(
        `approval emails are off: ${baseUrl ? "mail is off (SMTP_URL is not set)" : "APP_URL is not set, so their links would have no address"}`,
      );
      return null;
    }
    return everySeconds("approval emails", seconds, async () => {
      const outcome = await runNotifier({ baseUrl });
      if (outcome.sent + outcome.failed + outcome.interrupted > 0) console.log("approval emails:", outcome);
    });
  },
};
