import { expect, test, type Browser, type Page } from "@playwright/test";
import { mimePart, startSmtpInbox } from "../../test/support/smtp-inbox";
import { expectAccessible, expectNoHorizontalScroll, PHONE } from "../support/page-checks";
import { documented, fixtures, signInQuickly } from "../support/state";

// The settings page's API keys and team (issue 14, item 6) in real Chromium: an owner mints a token with chosen
// scopes and an expiry, sees it once, uses it, revokes it; a member sees but cannot act; the same without JavaScript;
// a 375 px phone; an invitation by email that reaches a real SMTP server. Fields are found by their labels and roles.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans.find((h) => h.accountId === "org_acme" && h.role === "OWNER")!;
const member = fx.humans.find((h) => h.accountId === "org_acme" && h.role === "MEMBER")!;
const SMTP_PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const TOKEN = /ot_pat_[A-Za-z0-9]+_[A-Za-z0-9]+/;

let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
test.beforeAll(async () => {
  inbox = await startSmtpInbox(SMTP_PORT);
});
test.afterAll(async () => {
  await inbox.close();
});

const keysOf = (page: Page) => page.getByRole("region", { name: "API keys — Acme Robotics" });
const teamOf = (page: Page) => page.getByRole("region", { name: "Team — Acme Robotics" });
// The API calls below go through documented() (e2e/support/state.ts): each answer is held against the OpenAPI document.
const me = async (page: Page, token: string) =>
  documented(
    page.request,
    "GET",
    await page.request.get("/api/public/v1/auth/me", { headers: { authorization: `Bearer ${token}` } }),
  );

/** Fills and submits the mint form; returns the token the page shows (once). */
async function mint(page: Page, label: string, scopes: string[], expiresOn?: string) {
  const keys = keysOf(page);
  await keys.getByLabel("Label").fill(label);
  for (const scope of scopes) await keys.getByRole("checkbox", { name: new RegExp(`^${scope}\\b`) }).check();
  if (expiresOn) await keys.getByLabel("Expires on (optional)").fill(expiresOn);
  await keys.getByRole("button", { name: "Create token" }).click();
  const shown = keys.getByRole("status").filter({ hasText: "shown only this once" });
  await expect(shown).toContainText(`Token “${label}” created.`);
  const token = TOKEN.exec(await shown.innerText())?.[0];
  expect(token).toBeTruthy();
  return token!;
}

/** Mint → once → works with its scopes and expiry → gone on reload → revoke → the very next call 401. */
async function mintUseAndRevoke(page: Page, label: string, isScripted: boolean) {
  await page.goto("/settings");
  const token = await mint(page, label, ["payments:read", "team:read"], "2099-12-31");
  const used = await me(page, token);
  expect(used.status()).toBe(200);
  expect((await used.json()).token).toMatchObject({ label, scopes: ["payments:read", "team:read"] });
  const listed = await documented(
    page.request,
    "GET",
    await page.request.get("/api/public/v1/tokens", { headers: { authorization: `Bearer ${token}` } }),
  );
  const own = (await listed.json()).tokens.find((t: { name: string }) => t.name === label);
  // The day picked in the form: the token works through all of it (UTC).
  expect(own).toMatchObject({ status: "active", expiresAt: "2099-12-31T23:59:59.999Z", revokedAt: null });

  // Seen again later: with scripts a reload; without, a fresh visit (reloading the page a no-JS form post returned
  // would post the form again).
  if (isScripted) await page.reload();
  else await page.goto("/settings");
  const keys = keysOf(page);
  await expect(keys.getByText("shown only this once")).toHaveCount(0);
  expect(await page.locator("body").innerText()).not.toContain(token);
  const row = keys.getByRole("listitem").filter({ hasText: label });
  await expect(row).toContainText("payments:read, team:read");
  await expect(row).toContainText("active");

  await row.getByRole("button", { name: `Revoke ${label}` }).click();
  await expect(keys.getByRole("status")).toHaveText("Token revoked. Its next call is refused.");
  expect((await me(page, token)).status()).toBe(401);
  await expect(keys.getByRole("listitem").filter({ hasText: label })).toContainText("revoked");
  await expect(keys.getByRole("listitem").filter({ hasText: label }).getByRole("button")).toHaveCount(0);
}

async function contextFor(
  browser: Browser,
  baseURL: string | undefined,
  email: string,
  password: string,
  options = {},
) {
  const context = await browser.newContext({ ...options, baseURL });
  const page = await context.newPage();
  await signInQuickly(page, email, password);
  return { context, page };
}

test("owner: mint with scopes and an expiry, see it once, it works, revoke → 401", async ({ page }) => {
  await signInQuickly(page, owner.email, owner.password);
  await mintUseAndRevoke(page, `Desk token ${Date.now()}`, true);
});

test("owner without JavaScript: the same mint, once, and revoke", async ({ browser, baseURL }) => {
  const { context, page } = await contextFor(browser, baseURL, owner.email, owner.password, {
    javaScriptEnabled: false,
  });
  await mintUseAndRevoke(page, `No-script token ${Date.now()}`, false);
  await context.close();
});

test("no scope chosen: the form says so and nothing is minted", async ({ page }) => {
  await signInQuickly(page, owner.email, owner.password);
  await page.goto("/settings");
  const keys = keysOf(page);
  const before = await keys.getByRole("listitem").count();
  await keys.getByLabel("Label").fill("Scopeless");
  await keys.getByRole("button", { name: "Create token" }).click();
  await expect(keys.getByRole("alert")).toHaveText("Choose at least one scope.");
  await page.reload();
  await expect(keysOf(page).getByRole("listitem")).toHaveCount(before);
});

test("a MEMBER sees the API keys and the team but can neither mint, revoke nor invite", async ({ page }) => {
  await signInQuickly(page, member.email, member.password);
  await page.goto("/settings");
  const keys = keysOf(page);
  await expect(keys.getByRole("heading", { name: "API keys — Acme Robotics" })).toBeVisible();
  await expect(keys.getByText("Only an owner of this account can create or revoke tokens.")).toBeVisible();
  expect(await keys.getByRole("listitem").count()).toBeGreaterThan(0);
  await expect(keys.getByRole("button")).toHaveCount(0);
  await expect(keys.getByRole("checkbox")).toHaveCount(0);
  const team = teamOf(page);
  await expect(team.getByRole("listitem").filter({ hasText: member.email })).toContainText("MEMBER");
  await expect(team.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await expect(team.getByLabel("Invite a member by email")).toHaveCount(0);
  await expect(team.getByRole("button", { name: /^Withdraw/ })).toHaveCount(0);
});

test.describe("on a 375 px phone", () => {
  test.use(PHONE);

  test("settings with a token just minted: no sideways scroll, axe clean; then invite a member by email", async ({
    page,
  }, testInfo) => {
    await signInQuickly(page, owner.email, owner.password);
    await page.goto("/settings");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    const label = `Phone token ${Date.now()}`;
    const token = await mint(page, label, ["jobs:read"]);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath("settings-minted-phone.png"), fullPage: true });
    await page.reload();
    await keysOf(page)
      .getByRole("button", { name: `Revoke ${label}` })
      .click();
    await expect(keysOf(page).getByRole("status")).toHaveText("Token revoked. Its next call is refused.");
    expect((await me(page, token)).status()).toBe(401);

    const email = `invitee-${Date.now()}@example.com`;
    const team = teamOf(page);
    await team.getByLabel("Invite a member by email").fill(email);
    await team.getByRole("button", { name: "Invite" }).click();
    await expect(teamOf(page).getByRole("status")).toHaveText(
      "Invitation sent. It lasts 7 days: signing up with that address joins the team.",
    );
    await expect(teamOf(page).getByRole("listitem").filter({ hasText: email })).toContainText("Invited; open until");
    const mail = await inbox.nextTo(email);
    const text = mimePart(mail.raw, "text/plain") ?? "";
    expect(text).toContain("You are invited to join Acme Robotics on Co-sign");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath("settings-invited-phone.png"), fullPage: true });
    invitation = { email, link: /https?:\/\/\S+\/sign-up\b/.exec(text)?.[0] ?? "" };
  });
});

let invitation: { email: string; link: string } | undefined;

test("the invitee follows the email's link and signs up with that address: a MEMBER of the team at once", async ({
  browser,
  baseURL,
  page,
}) => {
  expect(invitation?.link, "the phone test sends the invitation").toBeTruthy();
  const context = await browser.newContext({ baseURL });
  const invitee = await context.newPage();
  await invitee.goto(invitation!.link);
  await invitee.getByLabel("Your name").fill("Ivy Invitee");
  await invitee.getByLabel("Email").fill(invitation!.email);
  await invitee.getByLabel(/^Password/).fill("correct horse battery staple");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee).not.toHaveURL(/sign-up/);
  await invitee.goto("/settings");
  await expect(keysOf(invitee).getByText("Only an owner of this account can create or revoke tokens.")).toBeVisible();
  await context.close();

  await signInQuickly(page, owner.email, owner.password);
  await page.goto("/settings");
  const team = teamOf(page);
  await expect(team.getByRole("listitem").filter({ hasText: invitation!.email })).toContainText("Ivy Invitee");
  await expect(team.getByRole("listitem").filter({ hasText: invitation!.email })).toContainText("MEMBER");
  // One row for that address now: the membership; the invitation is gone.
  await expect(team.getByRole("listitem").filter({ hasText: invitation!.email })).toHaveCount(1);
  await expect(team.getByRole("listitem").filter({ hasText: invitation!.email })).not.toContainText("Invited");
});

test("an owner withdraws an open invitation (without JavaScript): it is gone, and that address's sign-up joins no one", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await contextFor(browser, baseURL, owner.email, owner.password, {
    javaScriptEnabled: false,
  });
  const email = `withdrawn-${Date.now()}@example.com`;
  await page.goto("/settings");
  await teamOf(page).getByLabel("Invite a member by email").fill(email);
  await teamOf(page).getByRole("button", { name: "Invite" }).click();
  await expect(teamOf(page).getByRole("listitem").filter({ hasText: email })).toContainText("Invited; open until");
  await teamOf(page)
    .getByRole("button", { name: `Withdraw the invitation to ${email}` })
    .click();
  await expect(teamOf(page).getByRole("status")).toHaveText(
    "Invitation withdrawn: signing up with that address no longer joins the team.",
  );
  await expect(teamOf(page).getByRole("listitem").filter({ hasText: email })).toHaveCount(0);
  await context.close();

  // The invitation's email is still in their inbox: signing up with that address now joins nothing.
  const visitor = await browser.newContext({ baseURL });
  const invitee = await visitor.newPage();
  await invitee.goto("/sign-up");
  await invitee.getByLabel("Your name").fill("Wes Withdrawn");
  await invitee.getByLabel("Email").fill(email);
  await invitee.getByLabel(/^Password/).fill("correct horse battery staple");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee).not.toHaveURL(/sign-up/);
  await invitee.goto("/settings");
  await expect(invitee.getByRole("heading", { name: "API keys — Acme Robotics" })).toHaveCount(0);
  await visitor.close();
});
