import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { resetClock, setClock } from "@/lib/clock";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { setEmailPreferences } from "@/lib/notify/email-preferences";
import { planNotices, reminderPoint } from "@/lib/notify/plan-notices";
import { runNotifier } from "@/lib/notify/run-notifier";
import { sendDueNotices } from "@/lib/notify/send-due-notices";
import { post } from "../support/api";
import { mimePart, startSmtpInbox, type ReceivedMail } from "../support/smtp-inbox";

// Issue 15 item 3: the account's owners are emailed when an agent asks for an approval, and reminded once before it
// expires — by the background notifier from the ApprovalNotice outbox, at a real SMTP server, each email once.
const { tokens, milestones, humans } = inject("fixtures");
const BASE_URL = "https://cosign.example";
const OWNER = humans.find((h) => h.role === "OWNER" && h.email === "owner@acme.test")!.email;
const MEMBER = humans.find((h) => h.role === "MEMBER")!.email;
const OTHER_OWNER = "owner@globex.test";

let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
let t = Date.parse("2034-03-01T09:00:00Z");
const setTime = (ms: number) => {
  t = ms;
  setClock(() => new Date(t));
};

beforeAll(async () => {
  inbox = await startSmtpInbox();
  process.env.SMTP_URL = inbox.url;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvCache();
  await inbox.close();
});
beforeEach(() => setTime(t + 7 * 24 * 60 * 60 * 1000));
afterEach(async () => {
  resetClock();
  const client = await db();
  await client.emailPreferences.deleteMany({});
});

const humanId = async (email: string) => (await (await db()).human.findUniqueOrThrow({ where: { email } })).id;

/** Every message received about this approval (its link is in each), to whom, and its plain-text part. */
function mailsAbout(approvalId: string): (ReceivedMail & { text: string; subject: string })[] {
  return inbox.messages
    .map((m) => ({
      ...m,
      text: mimePart(m.raw, "text/plain") ?? "",
      subject: /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? "",
    }))
    .filter((m) => m.text.includes(`/approvals/${approvalId}`));
}

async function requestRelease() {
  const res = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
  expect(res.status).toBe(202);
  return res.body.approval as { id: string; expiresAt: string; createdAt: string; approvalUrl: string };
}

/** Withdraws it (the agent's cancel), so the next test's request records a new approval. */
async function withdraw(approvalId: string) {
  expect((await post(`/approvals/${approvalId}/cancel`, tokens.full)).status).toBe(200);
}

describe("the new-approval email", () => {
  it("reaches the OWNER at the SMTP server with the amount, the payee and the link; a MEMBER and other accounts get none; never from the request itself", async () => {
    const approval = await requestRelease();
    // The agent's request has answered: nothing was sent inside it, and nothing is, until the notifier runs.
    expect(mailsAbout(approval.id)).toEqual([]);
    const milestone = await (
      await db()
    ).milestone.findUniqueOrThrow({
      where: { id: milestones.activeFunded },
      include: { contract: { include: { freelancer: true } } },
    });
    const amount = `$${(milestone.amountCents / 100).toFixed(2)}`;

    const outcome = await runNotifier({ baseUrl: BASE_URL });
    expect(outcome).toMatchObject({ sent: 1, failed: 0 });
    const mails = mailsAbout(approval.id);
    expect(mails.map((m) => m.to)).toEqual([[OWNER]]);
    const [mail] = mails;
    expect(mail.subject).toBe(`Approval needed: Pay ${amount} to ${milestone.contract.freelancer.displayName}?`);
    expect(mail.text).toContain(`Amount: ${amount}`);
    expect(mail.text).toContain(`Payee: ${milestone.contract.freelancer.displayName} (AI trainer`);
    expect(mail.text).toContain(`What: Release ${amount} from escrow to ${milestone.contract.freelancer.displayName}`);
    // The link is absolute, on the configured base URL — never the Host an agent's request happened to send.
    expect(mail.text.split(/\r?\n/)).toContain(`${BASE_URL}/approvals/${approval.id}`);
    expect(mimePart(mail.raw, "text/html")).toContain(`href="${BASE_URL}/approvals/${approval.id}"`);
    // No secret: no token, no session, nothing but the approval's id in the link.
    expect(mail.raw).not.toMatch(/ot_pat_|ot_clm_|ot_cat_|whsec_/);
    expect(inbox.messages.filter((m) => m.to.includes(MEMBER) || m.to.includes(OTHER_OWNER))).toEqual([]);

    // Nothing new to send: a second pass, and a "restart" (fresh connections, nothing in memory), send nothing.
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(0);
    await disconnectDb();
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(0);
    expect(mailsAbout(approval.id)).toHaveLength(1);
    await withdraw(approval.id);
  });

  it("an owner who turned new-approval emails off gets none (recorded as skipped); turned back on, the next one comes", async () => {
    const ownerId = await humanId(OWNER);
    await setEmailPreferences(ownerId, { newApprovals: false, reminders: true });
    const quiet = await requestRelease();
    await runNotifier({ baseUrl: BASE_URL });
    expect(mailsAbout(quiet.id)).toEqual([]);
    const notice = await (
      await db()
    ).approvalNotice.findUniqueOrThrow({
      where: { approvalId_humanId_kind: { approvalId: quiet.id, humanId: ownerId, kind: "NEW_APPROVAL" } },
    });
    expect(notice).toMatchObject({ status: "SKIPPED", outcome: "preference_off" });
    await withdraw(quiet.id);

    await setEmailPreferences(ownerId, { newApprovals: true, reminders: true });
    const heard = await requestRelease();
    await runNotifier({ baseUrl: BASE_URL });
    expect(mailsAbout(heard.id).map((m) => m.to)).toEqual([[OWNER]]);
    await withdraw(heard.id);
  });

  it("runs at once plan each notice once and send each email once (the claim is a conditional write)", async () => {
    const approval = await requestRelease();
    const at = new Date(t);
    // Three processes planning the same owner at the same moment: one row per kind stands.
    await Promise.all([1, 2, 3].map(() => planNotices({ at })));
    const notices = await (await db()).approvalNotice.findMany({ where: { approvalId: approval.id } });
    expect(notices.map((n) => `${n.kind} ${n.status}`).sort()).toEqual(["NEW_APPROVAL PENDING", "REMINDER PENDING"]);
    // Three senders that all read the same due notice before any of them claims it: one sends.
    const outcomes = await Promise.all(
      ["nrun_a", "nrun_b", "nrun_c"].map((runId) => sendDueNotices({ at, runId, baseUrl: BASE_URL })),
    );
    expect(outcomes.map((o) => o.sent).sort()).toEqual([0, 0, 1]);
    // And whole passes at once, later: nothing more.
    await Promise.all([1, 2, 3].map(() => runNotifier({ baseUrl: BASE_URL })));
    expect(mailsAbout(approval.id).map((m) => m.to)).toEqual([[OWNER]]);
    await withdraw(approval.id);
  });

  it("a send that a dead run left half-done is never sent again", async () => {
    const approval = await requestRelease();
    const client = await db();
    const ownerId = await humanId(OWNER);
    // What a run that died between claiming and recording leaves: SENDING, claimed 20 minutes ago.
    await client.approvalNotice.create({
      data: {
        id: "ntc_interruptedinterrupted",
        approvalId: approval.id,
        humanId: ownerId,
        kind: "NEW_APPROVAL",
        status: "SENDING",
        dueAt: new Date(t),
        attempts: 1,
        claimedBy: "nrun_dead",
        claimedAt: new Date(t - 20 * 60_000),
        createdAt: new Date(t),
      },
    });
    expect(await runNotifier({ baseUrl: BASE_URL })).toMatchObject({ interrupted: 1, sent: 0 });
    expect(mailsAbout(approval.id)).toEqual([]);
    expect(
      await client.approvalNotice.findUniqueOrThrow({ where: { id: "ntc_interruptedinterrupted" } }),
    ).toMatchObject({
      status: "FAILED",
      outcome: "interrupted",
    });
    await withdraw(approval.id);
  });
  it("a mail server that is down: the email waits, is tried again a minute later, and goes once it is back", async () => {
    const approval = await requestRelease();
    const down = await startSmtpInbox();
    const downUrl = down.url;
    await down.close();
    process.env.SMTP_URL = downUrl;
    resetEnvCache();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runNotifier({ baseUrl: BASE_URL })).toMatchObject({ sent: 0, retry: 1 });
    errors.mockRestore();
    process.env.SMTP_URL = inbox.url;
    resetEnvCache();
    const ownerId = await humanId(OWNER);
    const notice = await (
      await db()
    ).approvalNotice.findUniqueOrThrow({
      where: { approvalId_humanId_kind: { approvalId: approval.id, humanId: ownerId, kind: "NEW_APPROVAL" } },
    });
    expect(notice).toMatchObject({ status: "PENDING", attempts: 1, dueAt: new Date(t + 60_000), claimedBy: null });
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(0);
    setTime(t + 60_000);
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(1);
    expect(mailsAbout(approval.id).map((m) => m.to)).toEqual([[OWNER]]);
    await withdraw(approval.id);
  });
});

describe("the reminder", () => {
  it("comes once when a third of the window is left — not before, not again — and never for a decided approval", async () => {
    const approval = await requestRelease();
    await runNotifier({ baseUrl: BASE_URL });
    const point = reminderPoint({ createdAt: new Date(approval.createdAt), expiresAt: new Date(approval.expiresAt) });
    // For the default 72 h window: 24 h before it expires.
    expect(Date.parse(approval.expiresAt) - point.getTime()).toBe(24 * 60 * 60 * 1000);

    setTime(point.getTime() - 1);
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(0);
    setTime(point.getTime());
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(1);
    setTime(point.getTime() + 60 * 60 * 1000);
    expect((await runNotifier({ baseUrl: BASE_URL })).sent).toBe(0);
    const mails = mailsAbout(approval.id);
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Approval needed", "Reminder"]);
    expect(mails[1].to).toEqual([OWNER]);
    expect(mails[1].text).toMatch(/^Reminder: an AI agent's request on Acme Robotics is still waiting for you\./);
    expect(mails[1].text).toContain("(1 d 0 h left)");
    await withdraw(approval.id);

    // Decided (here: withdrawn) before its reminder point: no reminder, ever.
    const decided = await requestRelease();
    await runNotifier({ baseUrl: BASE_URL });
    await withdraw(decided.id);
    setTime(Date.parse(decided.expiresAt) - 60_000);
    await runNotifier({ baseUrl: BASE_URL });
    expect(mailsAbout(decided.id).map((m) => m.subject.split(":")[0])).toEqual(["Approval needed"]);
    const reminder = await (
      await db()
    ).approvalNotice.findFirstOrThrow({
      where: { approvalId: decided.id, kind: "REMINDER" },
    });
    expect(reminder).toMatchObject({ status: "SKIPPED", outcome: "approval_final" });
  });

  it("an owner who turned reminders off gets the first email but no reminder", async () => {
    await setEmailPreferences(await humanId(OWNER), { newApprovals: true, reminders: false });
    const approval = await requestRelease();
    await runNotifier({ baseUrl: BASE_URL });
    setTime(Date.parse(approval.expiresAt) - 60_000);
    await runNotifier({ baseUrl: BASE_URL });
    expect(mailsAbout(approval.id).map((m) => m.subject.split(":")[0])).toEqual(["Approval needed"]);
    await withdraw(approval.id);
  });
});
