import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, PHONE } from "../support/page-checks";
import { agent, fixtures, ledgerBalance, setServerClockOffset, signInQuickly } from "../support/state";

// Money in: the sandbox checkout in a real browser — from a funding the account could not cover, through /billing
// and the checkout, to the same funding confirmed; submitted twice (two tabs at once, and without JavaScript) it
// credits once; only owners pay; the link's GET never pays.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];
const outsider = fx.humans[1];
const member = fx.humans.find((human) => human.role === "MEMBER")!;
const AVAILABLE = "ORG_AVAILABLE:org_acme";
const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

test.afterEach(() => setServerClockOffset(0));

/** A browser context of its own (a phone, no JavaScript, another human), signed in. */
async function signedInPage(
  browser: Browser,
  baseURL: string | undefined,
  email: string,
  password: string,
  options: Parameters<Browser["newContext"]>[0] = {},
) {
  const context = await browser.newContext({ ...options, baseURL });
  const page = await context.newPage();
  await signInQuickly(page, email, password);
  return page;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test.describe("on a 375 px phone", () => {
  test.use(PHONE);

  test("fund → 409 payment_method_required → billingUrl → top up through the sandbox checkout → the same fund → 202 → owner confirms → funded", async ({
    page,
    request,
    baseURL,
  }) => {
    const api = agent(request, fx.tokens.full);
    const shortfall = 5_000;
    const amountUsd = ((await ledgerBalance(AVAILABLE)) + shortfall) / 100;
    const created = await api.post(`/contracts/${fx.contracts.active}/milestones`, {
      name: "Large batch",
      description: "More than the account holds",
      amountUsd,
    });
    expect(created.status()).toBe(201);
    const milestoneId = (await created.json()).milestone.id;

    const refused = await api.post(`/milestones/${milestoneId}/fund`);
    const refusedBody = await refused.json();
    expect({ status: refused.status(), body: refusedBody }).toEqual({
      status: 409,
      body: {
        error: "The account's available balance cannot cover this milestone. Add funds first.",
        code: "CONFLICT",
        requestId: refused.headers()["x-request-id"],
        details: { reason: "payment_method_required", billingUrl: `${baseURL}/billing` },
      },
    });

    await signInQuickly(page, owner.email, owner.password);
    await page.goto(refusedBody.details.billingUrl);
    const money = page.getByTestId("money-org_acme");
    await expect(money.getByRole("heading", { name: "Add funds" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, "billing-phone");

    await money.getByLabel("Amount in US dollars").fill(String(shortfall / 100));
    await money.getByRole("button", { name: "Continue to checkout" }).click();
    await expect(page).toHaveURL(/\/billing\/checkout\/tu_[A-Za-z0-9]{20}$/);
    await expect(page.getByTestId("sandbox-banner")).toContainText(
      "Sandbox checkout. No card is needed and nothing is charged",
    );
    await expect(page.getByTestId("checkout-summary")).toHaveText("Add $50.00 to Acme Robotics");
    await expect(page.getByTestId("checkout-status")).toHaveText("Waiting for payment");
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, "checkout-pending-phone");
    const before = await ledgerBalance(AVAILABLE);

    await page.getByRole("button", { name: "Pay $50.00 (sandbox)" }).click();
    await expect(page.getByTestId("checkout-result")).toHaveText("Paid. $50.00 was added to the available balance.");
    await expect(page.getByTestId("checkout-status")).toHaveText("Paid");
    await expect(page.getByTestId("checkout-paid")).toContainText("by Ada Lovelace");
    await expect(page.getByRole("button", { name: /Pay/ })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, "checkout-paid-phone");
    expect(await ledgerBalance(AVAILABLE)).toBe(before + shortfall);

    // The very same request the agent made before now passes, and the owner confirms it.
    const asked = await api.post(`/milestones/${milestoneId}/fund`);
    expect(asked.status()).toBe(202);
    const { approval } = await asked.json();
    await page.goto(new URL(approval.approvalUrl).pathname);
    await page.getByRole("button", { name: `Confirm and fund ${USD.format(amountUsd)}` }).click();
    await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
    const contract = await (await api.get(`/contracts/${fx.contracts.active}`)).json();
    expect(contract.contract.milestones.find((m: { id: string }) => m.id === milestoneId).status).toBe("ACTIVE_FUNDED");
    expect(await ledgerBalance(AVAILABLE)).toBe(0);

    // The money page on the phone: the ledger's amounts are on screen, the top-up is listed as paid.
    await page.goto("/billing");
    await expect(money.getByTestId("top-ups")).toContainText("Paid");
    await expect(money.getByTestId("balance-available")).toHaveText("$0.00");
    await expectNoHorizontalScroll(page);
    // Every ledger amount lies within the screen's width (the old table pushed them off to the right).
    const offScreen = await money
      .getByTestId("ledger-amount")
      .evaluateAll(
        (els) =>
          els.filter(
            (el) =>
              el.getBoundingClientRect().right > document.documentElement.clientWidth ||
              el.getBoundingClientRect().left < 0,
          ).length,
      );
    expect(await money.getByTestId("ledger-amount").count()).toBeGreaterThan(5);
    expect(offScreen).toBe(0);
    await screenshot(page, "billing-after-phone");
  });
});

test("the agent's checkoutUrl: its GET never pays; two tabs paying at once credit once", async ({
  browser,
  request,
  baseURL,
}) => {
  const api = agent(request, fx.tokens.full);
  const started = await api.post("/credits/top-ups", { amountUsd: 25 });
  expect(started.status()).toBe(201);
  const { topUpId, checkoutUrl } = await started.json();
  expect(checkoutUrl).toBe(`${baseURL}/billing/checkout/${topUpId}`);
  const before = await ledgerBalance(AVAILABLE);

  // What a mail scanner does with a link: fetch it, signed out and signed in. Nothing moves either way.
  const scanned = await request.get(checkoutUrl);
  expect(scanned.status()).toBe(200);
  expect(new URL(scanned.url()).pathname).toBe("/sign-in");
  const first = await signedInPage(browser, baseURL, owner.email, owner.password);
  for (let i = 0; i < 3; i++) expect((await first.request.get(checkoutUrl)).status()).toBe(200);
  expect(await ledgerBalance(AVAILABLE)).toBe(before);
  expect((await (await api.get(`/credits/top-ups/${topUpId}`)).json()).topUp.status).toBe("PENDING");

  const second = await first.context().newPage();
  await first.goto(checkoutUrl);
  await second.goto(checkoutUrl);
  await expectAccessible(first);
  await screenshot(first, "checkout-pending-desktop");
  await Promise.all([
    first.getByRole("button", { name: "Pay $25.00 (sandbox)" }).click(),
    second.getByRole("button", { name: "Pay $25.00 (sandbox)" }).click(),
  ]);
  const messages = await Promise.all(
    [first, second].map(async (p) => (await p.getByTestId("checkout-result").textContent({ timeout: 15_000 }))?.trim()),
  );
  expect(messages.sort()).toEqual([
    "Already paid. The money was added once; nothing more moved.",
    "Paid. $25.00 was added to the available balance.",
  ]);
  expect(await ledgerBalance(AVAILABLE)).toBe(before + 2_500);
  const polled = await (await api.get(`/credits/top-ups/${topUpId}`)).json();
  expect(polled.topUp).toMatchObject({ status: "COMPLETED", completedAt: expect.any(String) });
  await screenshot(first, "checkout-paid-desktop");
  await first.goto("/billing");
  await expect(first.getByTestId("money-org_acme").getByTestId("top-ups")).toContainText("Paid");
  await expectAccessible(first);
  await expectNoHorizontalScroll(first);
  await screenshot(first, "billing-desktop");

  const ledger = await (await api.get("/credits/ledger?limit=5")).json();
  expect(ledger.entries.filter((e: { topUpId: string | null }) => e.topUpId === topUpId)).toEqual([
    expect.objectContaining({ type: "TOP_UP", amountCents: 2_500, topUpId }),
  ]);
  await first.context().close();
});

test("without JavaScript: /billing's form and the checkout are plain forms; the same checkout submitted twice credits once", async ({
  browser,
  baseURL,
}) => {
  const noScript = { javaScriptEnabled: false };
  const page = await signedInPage(browser, baseURL, owner.email, owner.password, noScript);
  await page.goto("/billing");
  const money = page.getByTestId("money-org_acme");
  await money.getByLabel("Amount in US dollars").fill("12.34");
  await money.getByRole("button", { name: "Continue to checkout" }).click();
  await expect(page).toHaveURL(/\/billing\/checkout\/tu_/);
  // A second tab on the same checkout, as a person who clicked the link twice would have: its form is submitted
  // after the first one paid — a double submit the browser cannot prevent without JavaScript.
  const stale = await page.context().newPage();
  await stale.goto(page.url());
  const before = await ledgerBalance(AVAILABLE);

  await page.getByRole("button", { name: "Pay $12.34 (sandbox)" }).click();
  await expect(page.getByTestId("checkout-result")).toHaveText("Paid. $12.34 was added to the available balance.");
  await stale.getByRole("button", { name: "Pay $12.34 (sandbox)" }).click();
  await expect(stale.getByTestId("checkout-result")).toHaveText(
    "Already paid. The money was added once; nothing more moved.",
  );
  await expect(stale.getByTestId("checkout-status")).toHaveText("Paid");
  expect(await ledgerBalance(AVAILABLE)).toBe(before + 1_234);
  await page.context().close();
});

test("only owners pay: a MEMBER reads the checkout without a Pay button; another account's human gets not found", async ({
  browser,
  request,
  baseURL,
}) => {
  const { topUpId, checkoutUrl } = await (
    await agent(request, fx.tokens.full).post("/credits/top-ups", { amountUsd: 10 })
  ).json();
  const path = new URL(checkoutUrl).pathname;

  const asMember = await signedInPage(browser, baseURL, member.email, member.password, PHONE);
  await asMember.goto(path);
  await expect(asMember.getByTestId("member-notice")).toHaveText(/only an owner of the account can pay or cancel it/);
  await expect(asMember.getByRole("button", { name: /Pay|Cancel/ })).toHaveCount(0);
  await expectAccessible(asMember);
  await screenshot(asMember, "checkout-member-phone");
  await asMember.goto("/billing");
  await expect(asMember.getByTestId("money-org_acme")).toContainText("Only an owner of Acme Robotics can add funds.");
  await expect(asMember.getByTestId("top-up-form")).toHaveCount(0);
  await asMember.context().close();

  const asOutsider = await signedInPage(browser, baseURL, outsider.email, outsider.password);
  await asOutsider.goto(path);
  await expect(asOutsider.getByRole("heading", { name: "Checkout not found" })).toBeVisible();
  await asOutsider.context().close();
  expect((await (await agent(request, fx.tokens.full).get(`/credits/top-ups/${topUpId}`)).json()).topUp.status).toBe(
    "PENDING",
  );
});

test("a checkout past its 24 hours reads expired, offers no Pay, and the agent reads EXPIRED", async ({
  browser,
  request,
  baseURL,
}) => {
  const api = agent(request, fx.tokens.full);
  const { topUpId, checkoutUrl } = await (await api.post("/credits/top-ups", { amountUsd: 10 })).json();
  setServerClockOffset(24 * 60 * 60 * 1000 + 60_000);
  const page = await signedInPage(browser, baseURL, owner.email, owner.password);
  await page.goto(new URL(checkoutUrl).pathname);
  await expect(page.getByTestId("checkout-summary")).toHaveText("This checkout is expired. Nothing was charged.");
  await expect(page.getByRole("button", { name: /Pay/ })).toHaveCount(0);
  expect((await (await api.get(`/credits/top-ups/${topUpId}`)).json()).topUp.status).toBe("EXPIRED");
  await page.context().close();
});
