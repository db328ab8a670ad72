import { expect, test } from "@playwright/test";
import { agent, fixtures, ledgerBalance, setServerClockOffset, signInQuickly } from "../support/state";

// The loop end to end: an agent asks over HTTP, a human decides in a real browser, the agent learns the outcome.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];
const outsider = fx.humans[1];

test.afterEach(() => setServerClockOffset(0));

test("agent requests release → human signs in through the form → confirms → agent sees confirmed; money moved once", async ({
  page,
  request,
}, testInfo) => {
  const api = agent(request, fx.tokens.full);
  const asked = await api.post(`/milestones/${fx.milestones.activeFunded}/approve`);
  expect(asked.status()).toBe(202);
  const { approval } = await asked.json();
  const approvalUrl = new URL(approval.approvalUrl);
  const escrowBefore = await ledgerBalance("ORG_ESCROW:org_acme");
  const payoutBefore = await ledgerBalance("TRAINER_PAYOUT:fl_maria");

  // Signed out, the approvalUrl leads to sign-in and straight back.
  await page.goto(approvalUrl.pathname);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapprovals%2Fapr_/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(approvalUrl.pathname);

  await expect(page.getByTestId("approval-summary")).toHaveText(
    /Release \$300\.00 from escrow to Maria G\. for milestone 2 of/,
  );
  await expect(page.getByTestId("approval-amount")).toHaveText("$300.00");
  await expect(page.getByTestId("approval-payee")).toHaveText("Maria G. (PT)");
  await expect(page.getByTestId("approval-status")).toHaveText("Pending");
  await expect(page.getByText("Written by the agent — not verified")).toBeVisible();
  await expect(page.getByText("Delivered 500 pairs")).toBeVisible();
  await expect(page.getByText("Demo agent (all scopes)")).toBeVisible();
  await expect(page.getByTestId("approval-expires")).toContainText(/2 d 23 h left|3 d 0 h left/);
  await page.screenshot({ path: testInfo.outputPath("approval-pending.png"), fullPage: true });

  await page.getByRole("button", { name: "Confirm and release $300.00" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  await expect(page.getByTestId("approval-status")).toHaveText("Confirmed");
  await expect(page.getByTestId("approval-outcome")).toContainText("Confirmed by Ada Lovelace");
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("approval-confirmed.png"), fullPage: true });

  const polled = await (await api.get(`/approvals/${approval.id}`)).json();
  expect(polled.approval.status).toBe("confirmed");
  expect(polled.approval.result).toEqual({
    invoiceId: expect.stringMatching(/^inv_/),
    payoutTransactionId: expect.stringMatching(/^ltx_/),
  });
  const updates = await (await api.get(`/updates?limit=100`)).json();
  expect(updates.events).toContainEqual(
    expect.objectContaining({
      type: "approval.confirmed",
      resourceId: approval.id,
      data: { approvalId: approval.id, status: "confirmed", type: "milestone_approve" },
    }),
  );
  const contract = await (await api.get(`/contracts/${fx.contracts.active}`)).json();
  expect(contract.contract.milestones.find((m: { id: string }) => m.id === fx.milestones.activeFunded).status).toBe(
    "COMPLETED",
  );
  expect(await ledgerBalance("TRAINER_PAYOUT:fl_maria")).toBe(payoutBefore + 30_000);
  expect(await ledgerBalance("ORG_ESCROW:org_acme")).toBe(escrowBefore - 30_000);

  // The money page shows where it went, formatted as money.
  await page.goto("/billing");
  await expect(page.getByTestId("money-org_acme").getByTestId("payouts")).toContainText(
    "Maria G. · First 500 preference pairs",
  );
  await expect(page.getByTestId("money-org_acme").getByTestId("balance-escrow")).toHaveText(
    `$${((escrowBefore - 30_000) / 100).toFixed(2)}`,
  );
});

test("decline with a reason: the agent reads it; nothing moves", async ({ page, request }) => {
  const api = agent(request, fx.tokens.full);
  const { approval } = await (await api.post(`/milestones/ms_acme_pairs_3/approve`)).json();
  const escrowBefore = await ledgerBalance("ORG_ESCROW:org_acme");
  await signInQuickly(page, owner.email, owner.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-amount")).toHaveText("$125.50");
  await page.getByText("Add a reason for the agent").click();
  await page.getByLabel(/Reason for declining/).fill("Rationales are missing for 12 pairs.");
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Declined. The agent will see your decision.");
  await expect(page.getByTestId("approval-outcome")).toContainText("Rationales are missing for 12 pairs.");
  await expect(page.getByRole("button", { name: "Decline" })).toHaveCount(0);

  const polled = await (await api.get(`/approvals/${approval.id}`)).json();
  expect(polled.approval).toMatchObject({
    status: "declined",
    result: { declined: true, reason: "Rationales are missing for 12 pairs." },
  });
  expect(await ledgerBalance("ORG_ESCROW:org_acme")).toBe(escrowBefore);
});

test("a human who is not a member sees the same not-found as a wrong id", async ({ page, request }) => {
  const api = agent(request, fx.tokens.full);
  const asked = await api.post(`/milestones/${fx.milestones.notFunded}/fund`);
  expect(asked.status()).toBe(202);
  const { approval } = await asked.json();
  await signInQuickly(page, outsider.email, outsider.password);
  const theirs = await page.goto(`/approvals/${approval.id}`);
  expect(theirs?.status()).toBe(404);
  const theirsText = await page.getByRole("main").innerText();
  const wrong = await page.goto(`/approvals/apr_doesNotExist0000000`);
  expect(wrong?.status()).toBe(404);
  expect(await page.getByRole("main").innerText()).toBe(theirsText);
  await expect(page.getByRole("heading", { name: "Approval not found" })).toBeVisible();
  await expect(page.getByText("$300.00")).toHaveCount(0);
});

test("on a 375 px phone: review and confirm a funding approval", async ({ browser, request }, testInfo) => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  const api = agent(request, fx.tokens.full);
  const { approval } = await (await api.post(`/milestones/${fx.milestones.notFunded}/fund`)).json();
  const availableBefore = await ledgerBalance("ORG_AVAILABLE:org_acme");
  await signInQuickly(page, owner.email, owner.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-summary")).toHaveText(
    "Move $300.00 from the available balance of Acme Robotics into escrow for Maria G., milestone 3 of “RLHF preference data — Maria G.”.",
  );
  // Nothing wider than the screen: no sideways scrolling on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const confirm = page.getByRole("button", { name: "Confirm and fund $300.00" });
  await expect(confirm)
    .toBeInViewport({ ratio: 1 })
    .catch(() => confirm.scrollIntoViewIfNeeded());
  await page.screenshot({ path: testInfo.outputPath("approval-pending-phone.png"), fullPage: true });
  await confirm.tap();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  await page.screenshot({ path: testInfo.outputPath("approval-confirmed-phone.png"), fullPage: true });
  expect((await (await api.get(`/approvals/${approval.id}`)).json()).approval.status).toBe("confirmed");
  expect(await ledgerBalance("ORG_AVAILABLE:org_acme")).toBe(availableBefore - 30_000);
  await context.close();
});

test("an expired approval shows its outcome, no buttons, and nothing moved", async ({ page, request }) => {
  const api = agent(request, fx.tokens.otherAccount);
  const { approval } = await (await api.post(`/milestones/${fx.milestones.otherAccount}/approve`)).json();
  const escrowBefore = await ledgerBalance("ORG_ESCROW:org_globex");
  setServerClockOffset(72 * 60 * 60 * 1000 + 60_000);
  await signInQuickly(page, outsider.email, outsider.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-status")).toHaveText("Expired");
  await expect(page.getByTestId("approval-outcome")).toContainText("Expired on");
  await expect(page.getByRole("button", { name: /Confirm|Decline/ })).toHaveCount(0);
  const polled = await (await api.get(`/approvals/${approval.id}`)).json();
  expect(polled.approval).toMatchObject({ status: "expired", result: null });
  const updates = await (await api.get(`/updates?limit=100`)).json();
  expect(updates.events).toContainEqual(
    expect.objectContaining({
      type: "approval.confirmed",
      data: { approvalId: approval.id, status: "expired", type: "milestone_approve" },
    }),
  );
  expect(await ledgerBalance("ORG_ESCROW:org_globex")).toBe(escrowBefore);
});

test("the inbox lists pending approvals first, then history", async ({ page, request }) => {
  const api = agent(request, fx.tokens.full);
  const created = await (
    await api.post(`/contracts/${fx.contracts.active}/milestones`, {
      name: "Inbox check",
      description: "x",
      amountUsd: 42,
    })
  ).json();
  const { approval } = await (await api.post(`/milestones/${created.milestone.id}/fund`)).json();
  await signInQuickly(page, owner.email, owner.password);
  await page.goto("/approvals");
  const pending = page.getByTestId("pending-approvals");
  await expect(pending.getByRole("link")).toHaveCount(1);
  await expect(pending).toContainText("Fund $42.00 · Maria G.");
  await expect(pending).toContainText(/2 d 23 h left|3 d 0 h left/);
  await expect(page.getByTestId("approval-history").getByRole("link")).toHaveCount(3);
  await pending.getByRole("link").click();
  await expect(page).toHaveURL(`/approvals/${approval.id}`);
});

test("a new human signs up through the form, lands on an empty inbox, and signs out", async ({ page }) => {
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapprovals/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Nadia New");
  await page.getByLabel("Email").fill("owner@acme.test");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  // The field's error is read with the field (TextField: aria-describedby) and marks it invalid, outside its name.
  await expect(page.getByLabel(/^Password/)).toHaveAccessibleDescription("Use at least 10 characters");
  await expect(page.getByLabel(/^Password/)).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).not.toHaveAttribute("aria-invalid");
  await page.getByLabel(/^Password/).fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "An account with this email already exists. Sign in instead.",
  );
  await page.getByLabel("Email").fill("nadia@example.test");
  await page.getByLabel(/^Password/).fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL("/approvals");
  await expect(page.getByText("Nothing is waiting.")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText("nadia@example.test");
  // Not a member of any account: every approval is not-found for her.
  const api = agent(page.request, fx.tokens.full);
  const created = await (
    await api.post(`/contracts/${fx.contracts.active}/milestones`, {
      description: "for the newcomer check",
      amountUsd: 5,
    })
  ).json();
  const asked = await api.post(`/milestones/${created.milestone.id}/fund`);
  expect(asked.status()).toBe(202);
  const res = await page.goto(`/approvals/${(await asked.json()).approval.id}`);
  expect(res?.status()).toBe(404);
  await page.goto("/approvals");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapprovals/);
});
