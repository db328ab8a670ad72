import { afterEach, describe, expect, inject, it } from "vitest";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createHuman } from "@/lib/humans/create-human";
import { ORIGIN, api, get, post } from "../support/api";
import { withEnv } from "../support/env";
import { mimePart } from "../support/smtp-inbox";
import { smtpInboxForFile } from "../support/smtp-inbox-hooks";

// Issue 14: an owner's invitation goes out through the one mailer (to a real local SMTP server here), and the
// invited address's sign-up turns an open invitation into a membership; an expired or withdrawn one does not.
const { tokens } = inject("fixtures");
const DAY = 24 * 60 * 60 * 1000;

const mail = smtpInboxForFile();
let invited = 0;
const newEmail = () => `invitee${++invited}-${Date.now()}@example.com`;
const signUp = (email: string) => createHuman({ name: "Ivy Invitee", email, password: "correct horse battery" });
const membershipsOf = async (humanId: string) =>
  (await (await db()).membership.findMany({ where: { humanId }, orderBy: { accountId: "asc" } })).map((m) => ({
    accountId: m.accountId,
    role: m.role,
  }));

afterEach(() => resetClock());

describe("the invitation email", () => {
  it("a new address: 200 emailSent, the mail arrives with a plain and an HTML part and the sign-up link", async () => {
    const email = newEmail();
    const res = await post("/team/invites", tokens.full, { email });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: "invite_created", email, emailSent: true });
    const received = await mail.inbox().nextTo(email);
    expect(received.raw).toMatch(/^Subject: Join Acme Robotics on Co-sign$/m);
    const text = mimePart(received.raw, "text/plain");
    expect(text).toContain("You are invited to join Acme Robotics on Co-sign as a member.");
    expect(text).toContain(`Create an account with this email address (${email}) within 7 days`);
    expect(text).toContain(`${ORIGIN}/sign-up`);
    expect(mimePart(received.raw, "text/html")).toContain(`<a href="${ORIGIN}/sign-up">`);
  });

  it("the link is on the configured origin, not the request's Host; in production without APP_URL no email goes out", async () => {
    const email = newEmail();
    const res = await api("POST", "/team/invites", {
      token: tokens.full,
      body: { email },
      headers: { host: "evil.example" },
    });
    expect(res.body).toMatchObject({ status: "invite_created", emailSent: true });
    const received = await mail.inbox().nextTo(email);
    expect(mimePart(received.raw, "text/plain")).toContain(`${ORIGIN}/sign-up`);
    expect(received.raw).not.toContain("evil.example");

    await withEnv({ NODE_ENV: "production", APP_URL: "" }, async () => {
      const before = mail.inbox().messages.length;
      const again = await post("/team/invites", tokens.full, { email: newEmail() });
      expect(again.body).toMatchObject({ status: "invite_created", emailSent: false });
      expect(mail.inbox().messages.length).toBe(before);
    });
  });

  it("an existing human added at once is told so; already a member → no email", async () => {
    const before = mail.inbox().messages.length;
    const added = await post("/team/invites", tokens.otherAccount, { email: "member@acme.test" });
    expect(added.body).toMatchObject({ status: "member_added", emailSent: true });
    const received = await mail.inbox().nextTo("member@acme.test");
    expect(received.raw).toMatch(/^Subject: You joined Globex/m);
    expect(mimePart(received.raw, "text/plain")).toContain(`${ORIGIN}/approvals`);
    const again = await post("/team/invites", tokens.otherAccount, { email: "member@acme.test" });
    expect(again.body).toMatchObject({ status: "already_member", emailSent: false });
    expect(mail.inbox().messages.length).toBe(before + 1);
  });

  it("mail failing never fails the invitation: 200, emailSent false, the invitation still recorded", async () => {
    await mail.whileMailFails(async () => {
      const email = newEmail();
      const res = await post("/team/invites", tokens.full, { email });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, status: "invite_created", email, emailSent: false });
      expect(res.body.team.invites.map((i: { email: string }) => i.email)).toContain(email);
    });
  });
});

describe("signing up with an invited address", () => {
  it("open invitations (two accounts) become MEMBER memberships in the sign-up, and are gone from the team", async () => {
    const email = newEmail();
    expect((await post("/team/invites", tokens.full, { email })).body.status).toBe("invite_created");
    expect((await post("/team/invites", tokens.otherAccount, { email })).body.status).toBe("invite_created");
    const human = await signUp(email);
    expect(await membershipsOf(human.id)).toEqual([
      { accountId: "org_acme", role: "MEMBER" },
      { accountId: "org_globex", role: "MEMBER" },
    ]);
    const team = (await get("/team", tokens.full)).body.team;
    expect(team.invites.map((i: { email: string }) => i.email)).not.toContain(email);
    expect(team.members.find((m: { email: string }) => m.email === email)).toMatchObject({
      userId: human.id,
      role: "MEMBER",
      name: "Ivy Invitee",
    });
    expect(await (await db()).teamInvite.count({ where: { email } })).toBe(0);
  });

  it("an expired invitation joins no one (clock moved past 7 days), and stays out of the team", async () => {
    const email = newEmail();
    const t = Date.now();
    setClock(() => new Date(t));
    await post("/team/invites", tokens.full, { email });
    setClock(() => new Date(t + 7 * DAY + 1));
    const human = await signUp(email);
    expect(await membershipsOf(human.id)).toEqual([]);
    expect((await get("/team", tokens.full)).body.team.members.map((m: { email: string }) => m.email)).not.toContain(
      email,
    );
  });

  it("an invitation one millisecond from its end still joins", async () => {
    const email = newEmail();
    const t = Date.now();
    setClock(() => new Date(t));
    await post("/team/invites", tokens.full, { email });
    setClock(() => new Date(t + 7 * DAY - 1));
    expect(await membershipsOf((await signUp(email)).id)).toEqual([{ accountId: "org_acme", role: "MEMBER" }]);
  });

  it("a withdrawn invitation (its row gone) joins no one", async () => {
    const email = newEmail();
    await post("/team/invites", tokens.full, { email });
    await (await db()).teamInvite.deleteMany({ where: { email } });
    expect(await membershipsOf((await signUp(email)).id)).toEqual([]);
  });

  it("an invitation and that address's sign-up at the same moment: the human is a member, no invitation is left over", async () => {
    const client = await db();
    // The sign-up hashes its password first (tens of ms): the invitation starts a little later each round, so the
    // rounds meet the sign-up's transaction at every point of it.
    for (let round = 0; round < 30; round++) {
      const email = newEmail();
      const [invited, human] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, round * 3)).then(() =>
          post("/team/invites", tokens.full, { email }),
        ),
        signUp(email),
      ]);
      expect(invited.status).toBe(200);
      expect(["invite_created", "member_added"]).toContain(invited.body.status);
      expect(await membershipsOf(human.id), `round ${round}: ${invited.body.status}`).toEqual([
        { accountId: "org_acme", role: "MEMBER" },
      ]);
      expect(await client.teamInvite.count({ where: { email } })).toBe(0);
    }
  });

  it("two sign-ups racing for one invited address: one human, one membership", async () => {
    const email = newEmail();
    await post("/team/invites", tokens.full, { email });
    const results = await Promise.allSettled([signUp(email), signUp(email)]);
    const made = results.filter((r) => r.status === "fulfilled");
    expect(made).toHaveLength(1);
    const client = await db();
    expect(await client.membership.count({ where: { human: { email } } })).toBe(1);
    expect(await client.teamInvite.count({ where: { email } })).toBe(0);
  });
});
