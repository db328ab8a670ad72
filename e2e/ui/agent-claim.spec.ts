import { expect, test, type APIRequestContext } from "@playwright/test";
import { mimePart, startSmtpInbox } from "../../test/support/smtp-inbox";
import { agent, documented, fixtures } from "../support/state";

// An agent from zero (issue 14), in real Chromium against the production build: registration, the claim email at a
// real SMTP server, the human's sign-up and code on the claim page, and the agent's poll.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const PRE_CLAIM = ["jobs:read", "jobs:write", "proposals:read", "messages:read", "payments:read", "team:read"];
const POST_CLAIM = [...PRE_CLAIM, "proposals:write", "messages:write", "team:write"];
const GRANT = "urn:opentrain:agent-auth:grant-type:claim";
const SMTP_PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const PASSWORD = "correct horse battery staple";

let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
test.beforeAll(async () => {
  inbox = await startSmtpInbox(SMTP_PORT);
});
test.afterAll(async () => {
  await inbox.close();
});

async function registerAndStartClaim(request: APIRequestContext, email: string) {
  const registered = await documented(
    request,
    "POST",
    await request.post("/api/agent/identity", { data: { agent_name: "E2E scout" } }),
  );
  expect(registered.status()).toBe(201);
  const identity = await registered.json();
  const started = await documented(
    request,
    "POST",
    await request.post("/api/agent/identity/claim", {
      data: { claim_token: identity.claim_token, email },
    }),
  );
  expect(started.status()).toBe(200);
  return { identity, claim: await started.json() };
}

const poll = (request: APIRequestContext, claimToken: string) =>
  request
    .post("/api/agent/oauth/token", { form: { grant_type: GRANT, claim_token: claimToken } })
    .then((response) => documented(request, "POST", response));

let claimant: { email: string; postClaimToken: string } | undefined;

test("register → unclaimed, pre-claim scopes, funding 403 → claim email → sign up, type the code → one token", async ({
  page,
  request,
}, testInfo) => {
  const registered = await documented(
    request,
    "POST",
    await request.post("/api/agent/identity", { data: { agent_name: "E2E agent" } }),
  );
  expect(registered.status()).toBe(201);
  const identity = await registered.json();
  expect(identity.scopes).toEqual(PRE_CLAIM);

  const api = agent(request, identity.access_token);
  const me = await api.get("/auth/me");
  expect(me.status()).toBe(200);
  const meBody = await me.json();
  expect(meBody.account).toMatchObject({ organizationId: identity.organization_id, claimed: false });
  expect(meBody.token.scopes).toEqual(PRE_CLAIM);
  const fund = await api.post(`/milestones/${fx.milestones.notFunded}/fund`);
  expect(fund.status()).toBe(403);
  expect((await fund.json()).details).toEqual({ requiredScopes: ["payments:write"], grantedScopes: PRE_CLAIM });

  const email = `claimant-${Date.now()}@example.com`;
  const started = await documented(
    request,
    "POST",
    await request.post("/api/agent/identity/claim", {
      data: { claim_token: identity.claim_token, email },
    }),
  );
  expect(started.status()).toBe(200);
  const claim = await started.json();
  expect(claim).toMatchObject({ expires_in: 1800, interval: 5, email_sent: true });
  const pending = await poll(request, identity.claim_token);
  expect({ status: pending.status(), error: (await pending.json()).error }).toEqual({
    status: 400,
    error: "authorization_pending",
  });

  const mail = await inbox.nextTo(email);
  const link = /https?:\/\/\S+\/claim\?attempt=ot_cat_\w+/.exec(mimePart(mail.raw, "text/plain") ?? "")?.[0];
  expect(link).toBe(claim.verification_uri);

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Claim an agent's account" })).toBeVisible();
  await expect(page.getByText(`asked for ${email} to own its account`)).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Claire Claimant");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/claim\?attempt=ot_cat_/);
  await page.getByLabel("Code").fill(claim.user_code);
  await page.getByRole("button", { name: "Claim the account" }).click();
  await expect(page.getByRole("status")).toHaveText(/the account is yours/);
  await page.screenshot({ path: testInfo.outputPath("claim-done.png"), fullPage: true });

  const delivered = await poll(request, identity.claim_token);
  expect(delivered.status()).toBe(200);
  const token = await delivered.json();
  expect(token).toEqual({ access_token: expect.stringMatching(/^ot_pat_/), token_type: "bearer", scopes: POST_CLAIM });
  const again = await poll(request, identity.claim_token);
  expect({ status: again.status(), error: (await again.json()).error }).toEqual({
    status: 400,
    error: "invalid_grant",
  });
  expect((await api.get("/auth/me")).status()).toBe(401);
  const claimedMe = await agent(request, token.access_token).get("/auth/me");
  expect((await claimedMe.json()).account.claimed).toBe(true);
  claimant = { email, postClaimToken: token.access_token };
});

test("on a phone without JavaScript: a wrong code says how many tries are left, the right one claims", async ({
  browser,
  request,
}) => {
  const email = `nojs-${Date.now()}@example.com`;
  // The human's account, made the quick way; the claim itself is typed on the page.
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  await setupPage.goto("/sign-up");
  await setupPage.getByLabel("Your name").fill("No Script");
  await setupPage.getByLabel("Email").fill(email);
  await setupPage.getByLabel(/^Password/).fill(PASSWORD);
  await setupPage.getByRole("button", { name: "Create account" }).click();
  await expect(setupPage).not.toHaveURL(/sign-up/);
  const storageState = await setup.storageState();
  await setup.close();

  const { identity, claim } = await registerAndStartClaim(request, email);
  const phone = await browser.newContext({
    storageState,
    javaScriptEnabled: false,
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await phone.newPage();
  await page.goto(claim.verification_uri);
  const wrong = claim.user_code === "000000" ? "111111" : "000000";
  await page.getByLabel("Code").fill(wrong);
  await page.getByRole("button", { name: "Claim the account" }).click();
  await expect(page.getByRole("alert")).toHaveText("That code is not right. 4 tries left.");
  await page.getByLabel("Code").fill(claim.user_code);
  await page.getByRole("button", { name: "Claim the account" }).click();
  await expect(page.getByRole("status")).toHaveText(/the account is yours/);
  expect((await poll(request, identity.claim_token)).status()).toBe(200);
  await phone.close();
});

test("the fixtures' unclaimed token: 403 account_claim_required, and its claimUrl tells the human what to do", async ({
  page,
  request,
}) => {
  const res = await agent(request, fx.tokens.unclaimed).post(`/milestones/${fx.milestones.activeFunded}/approve`);
  expect(res.status()).toBe(403);
  const body = await res.json();
  expect(body.code).toBe("FORBIDDEN");
  expect(body.details).toMatchObject({ reason: "account_claim_required", action: "claim_account" });
  await page.goto(body.details.claimUrl);
  await expect(page.getByRole("heading", { name: "To claim it" })).toBeVisible();
  await expect(page.getByText("Ask the agent to start a claim with your email address")).toBeVisible();
});

test("the claimed account's owner mints a payments:write token on /settings and its funding call is 202", async ({
  page,
}) => {
  test.skip(!claimant, "needs the first test's claimed account");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(claimant!.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto("/settings");
  const hasApiKeysForm = (await page.getByLabel("payments:write").count()) > 0;
  test.skip(
    !hasApiKeysForm,
    "/settings has no API-keys form yet (issue 14 item 6, the tokens/settings work in another branch)",
  );
  // Written against the contract's words (issue 14 item 6); adjust the names once the form exists.
  await page.getByLabel("payments:write").check();
  await page.getByRole("button", { name: /create|mint/i }).click();
  const minted = /ot_pat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}/.exec(await page.locator("body").innerText())?.[0];
  expect(minted).toBeTruthy();
  // A new account has no contract to fund yet: funding another account's milestone gets past every gate (scope,
  // feature, claim) and stops at 404 — the proof that this token may move money once it has something to fund.
  const fund = await agent(page.request, minted!).post(`/milestones/${fx.milestones.notFunded}/fund`);
  expect(fund.status()).toBe(404);
});
