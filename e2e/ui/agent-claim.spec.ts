import { expect, test, type APIRequestContext } from "@playwright/test";
import { mimePart, startSmtpInbox } from "../../test/support/smtp-inbox";
import { agent, documented, fixtures, marketplaceProposal, signInQuickly } from "../support/state";

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

let claimant: { email: string; postClaimToken: string; accountId: string } | undefined;

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
  claimant = { email, postClaimToken: token.access_token, accountId: identity.organization_id };
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

test("the claimed account: hire from its first proposal, then the owner mints a payments:write token on /settings → its funding call 202 → confirmed", async ({
  page,
  request,
}, testInfo) => {
  expect(claimant, "the first test claims the account this one uses").toBeDefined();
  const { email, postClaimToken, accountId } = claimant!;
  const claimed = agent(request, postClaimToken);
  await signInQuickly(page, email, PASSWORD);

  // Its first contract, the way any account gets one: a trainer's proposal on its job, funds added on /billing,
  // the agent asks to hire, the owner confirms.
  const proposalId = await marketplaceProposal(accountId, "Label 200 support transcripts");
  await page.goto("/billing");
  const money = page.getByTestId(`money-${accountId}`);
  await money.getByLabel("Amount in US dollars").fill("150");
  await money.getByRole("button", { name: "Continue to checkout" }).click();
  await page.getByRole("button", { name: "Pay $150.00 (sandbox)" }).click();
  await expect(page.getByTestId("checkout-result")).toHaveText("Paid. $150.00 was added to the available balance.");
  const hire = await claimed.post(`/proposals/${proposalId}/hire`, {
    milestone: { name: "First 100 transcripts", description: "Labelled and checked.", amount: 100 },
  });
  expect(hire.status()).toBe(202);
  await page.goto(new URL((await hire.json()).approval.approvalUrl).pathname);
  await page.getByRole("button", { name: "Confirm hire and fund milestone 1" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");

  // The post-claim token may hire but not move money by itself: funding needs payments:write.
  const contractId = (await (await claimed.get("/contracts")).json()).contracts[0]?.id as string;
  expect(contractId).toMatch(/^ctr_/);
  const noScope = await claimed.post(`/contracts/${contractId}/milestones`, {
    name: "Second batch",
    description: "The next 100",
    amountUsd: 50,
  });
  expect(noScope.status()).toBe(403);
  expect((await noScope.json()).details).toEqual({ requiredScopes: ["payments:write"], grantedScopes: POST_CLAIM });

  // The owner mints one on /settings: the API-keys section's form, by its labels.
  await page.goto("/settings");
  const keys = page.getByRole("region", { name: /^API keys — / });
  await keys.getByLabel("Label").fill("Payments agent");
  await keys.getByRole("checkbox", { name: /^payments:read\b/ }).check();
  await keys.getByRole("checkbox", { name: /^payments:write\b/ }).check();
  await keys.getByRole("button", { name: "Create token" }).click();
  const shown = keys.getByRole("status").filter({ hasText: "shown only this once" });
  await expect(shown).toContainText("Token “Payments agent” created.");
  const minted = /ot_pat_[A-Za-z0-9]+_[A-Za-z0-9]+/.exec(await shown.innerText())?.[0];
  expect(minted).toBeTruthy();
  await page.screenshot({ path: testInfo.outputPath("settings-minted.png"), fullPage: true });

  const payments = agent(request, minted!);
  const created = await payments.post(`/contracts/${contractId}/milestones`, {
    name: "Second batch",
    description: "The next 100",
    amountUsd: 50,
  });
  expect(created.status()).toBe(201);
  const milestoneId = (await created.json()).milestone.id as string;
  const fund = await payments.post(`/milestones/${milestoneId}/fund`);
  expect(fund.status()).toBe(202);
  const { approval } = await fund.json();
  expect(approval).toMatchObject({ status: "pending", approvalUrl: expect.stringMatching(/\/approvals\/apr_/) });
  const pending = await payments.get(`/approvals/${approval.id}`);
  expect((await pending.json()).approval.status).toBe("pending");

  await page.goto(new URL(approval.approvalUrl).pathname);
  await page.getByRole("button", { name: "Confirm and fund $50.00" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  const after = await payments.get(`/approvals/${approval.id}`);
  expect(after.status()).toBe(200);
  expect((await after.json()).approval).toMatchObject({ id: approval.id, status: "confirmed" });
});
