import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, PHONE } from "../support/page-checks";
import { agent, fixtures, signInQuickly } from "../support/state";

// Every page a human can reach, signed out and signed in, on a 375 px phone and a 1280 px desktop: axe finds no
// serious or critical violation, nothing scrolls sideways, the console stays free of errors, and a full-page
// screenshot of each is kept as a test artifact (test-results/e2e-artifacts/…/<page>-<viewport>.png).
// Approvals of all four types are shown pending and after a decision; the decisions are made on the page itself.
// Hire and end run on Globex's account: Acme's open proposals belong to hire-and-end.spec.ts.
test.describe.configure({ mode: "serial", timeout: 300_000 });

const fx = fixtures();
const acmeOwner = fx.humans[0];
const globexOwner = fx.humans[1];
const member = fx.humans.find((human) => human.role === "MEMBER")!;

const VIEWPORTS = {
  phone: PHONE,
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
type Who = "visitor" | "acme" | "globex" | "member";
const CREDENTIALS = { acme: acmeOwner, globex: globexOwner, member } as const;

/** One browser context per visitor and viewport, signed in once. */
const contexts = new Map<string, BrowserContext>();
async function contextFor(browser: Browser, who: Who, viewport: ViewportName) {
  const key = `${who}-${viewport}`;
  let context = contexts.get(key);
  if (!context) {
    context = await browser.newContext({ ...VIEWPORTS[viewport], baseURL: test.info().project.use.baseURL });
    if (who !== "visitor") {
      const page = await context.newPage();
      await signInQuickly(page, CREDENTIALS[who].email, CREDENTIALS[who].password);
      await page.close();
    }
    contexts.set(key, context);
  }
  return context;
}

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  contexts.clear();
});

/** Opens a page, watching its console; the caller acts on it and then calls check(). */
async function open(browser: Browser, who: Who, viewport: ViewportName, path: string, status = 200) {
  const page = await (await contextFor(browser, who, viewport)).newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    // A not-found page's own 404 is the answer it is meant to give, not an error of the page.
    const isExpected404 = status === 404 && /status of 404/.test(message.text());
    if (message.type() === "error" && !isExpected404) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  return { page, errors };
}

async function check({ page, errors }: { page: Page; errors: string[] }, name: string, viewport: ViewportName) {
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: test.info().outputPath(`${name}-${viewport}.png`), fullPage: true });
  expect(errors, `console errors on ${page.url()}`).toEqual([]);
}

/** The page at both sizes, with nothing done on it. */
async function visit(browser: Browser, who: Who, path: string, name: string, status = 200) {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    const opened = await open(browser, who, viewport, path, status);
    await check(opened, name, viewport);
    await opened.page.close();
  }
}

/** Looks at a pending approval at both sizes, decides it on the phone, then looks at the decided page at both. */
async function decide(
  browser: Browser,
  who: Who,
  approvalId: string,
  name: string,
  act: (page: Page) => Promise<void>,
) {
  const path = `/approvals/${approvalId}`;
  await visit(browser, who, path, `${name}-pending`);
  const opened = await open(browser, who, "phone", path);
  // The confirm button is on screen without scrolling past the details.
  await expect(opened.page.getByRole("button", { name: /^Confirm/ })).toBeInViewport({ ratio: 1 });
  await expect(opened.page.getByTestId("confirm-bar")).toContainText("This cannot be undone.");
  await act(opened.page);
  await expect(opened.page.getByTestId("action-result")).toBeVisible();
  await check(opened, `${name}-just-decided`, "phone");
  await opened.page.close();
  await visit(browser, who, path, `${name}-decided`);
}

const confirm = (page: Page) => page.getByRole("button", { name: /^Confirm/ }).click();

test("signed out: home, sign-in, sign-up, claim, not-found", async ({ browser }) => {
  await visit(browser, "visitor", "/", "home-signed-out");
  await visit(browser, "visitor", "/sign-in", "sign-in");
  await visit(browser, "visitor", "/sign-up", "sign-up");
  await visit(browser, "visitor", "/claim", "claim-signed-out");
  await visit(browser, "visitor", "/docs/api", "api-reference");
  await visit(browser, "visitor", "/no-such-page", "not-found-signed-out", 404);
});

test("signed in: home, inbox, money, settings, claim, not-found pages", async ({ browser, request }) => {
  // Something waiting, so the home page and the inbox have a list to show.
  const api = agent(request, fx.tokens.full);
  const created = await api.post(`/contracts/${fx.contracts.active}/milestones`, {
    name: "Pages check: a milestone with a name long enough to wrap on a phone screen",
    description: "Waiting on the home page.",
    amountUsd: 2.5,
  });
  expect(created.status()).toBe(201);
  expect((await api.post(`/milestones/${(await created.json()).milestone.id}/fund`)).status()).toBe(202);

  await visit(browser, "acme", "/", "home-signed-in");
  await visit(browser, "acme", "/approvals", "approvals");
  await visit(browser, "acme", "/billing", "billing");
  await visit(browser, "acme", "/settings", "settings");
  await visit(browser, "acme", "/claim", "claim-signed-in");
  await visit(browser, "acme", "/no-such-page", "not-found-signed-in", 404);
  await visit(browser, "acme", "/approvals/apr_doesNotExist0000000", "approval-not-found", 404);
  await visit(browser, "acme", "/billing/checkout/tu_doesNotExist00000000", "checkout-not-found", 404);
  await visit(browser, "acme", "/invoices/inv_doesNotExist0000000", "invoice-not-found", 404);
});

test("milestone_fund and milestone_approve: pending, confirmed; the release's invoice", async ({
  browser,
  request,
}) => {
  const api = agent(request, fx.tokens.full);
  const created = await (
    await api.post(`/contracts/${fx.contracts.active}/milestones`, {
      name: "Pages check: fund then release",
      description: "Funded and released through the pages.",
      amountUsd: 3.25,
    })
  ).json();
  const milestoneId = created.milestone.id;
  const funding = (await (await api.post(`/milestones/${milestoneId}/fund`)).json()).approval;
  await decide(browser, "acme", funding.id, "fund", confirm);

  const release = (await (await api.post(`/milestones/${milestoneId}/approve`)).json()).approval;
  await decide(browser, "acme", release.id, "release", confirm);
  const { result } = (await (await api.get(`/approvals/${release.id}`)).json()).approval;
  expect(result.invoiceId).toMatch(/^inv_/);
  await visit(browser, "acme", `/invoices/${result.invoiceId}`, "invoice");
});

test("a pending approval as a member (no buttons), a declined one and one the agent withdrew", async ({
  browser,
  request,
}) => {
  const api = agent(request, fx.tokens.full);
  const ask = async (name: string) => {
    const created = await (
      await api.post(`/contracts/${fx.contracts.active}/milestones`, { name, description: "x", amountUsd: 1.75 })
    ).json();
    return (await (await api.post(`/milestones/${created.milestone.id}/fund`)).json()).approval.id as string;
  };
  const forMember = await ask("Pages check: seen by a member");
  await visit(browser, "member", `/approvals/${forMember}`, "approval-member");

  const toDecline = await ask("Pages check: declined");
  await decide(browser, "acme", toDecline, "declined", async (page) => {
    await page.getByText("Add a reason for the agent").click();
    await page.getByLabel(/Reason for declining/).fill("Not this week.");
    await page.getByRole("button", { name: "Decline" }).click();
  });

  const withdrawn = await ask("Pages check: withdrawn");
  expect((await api.post(`/approvals/${withdrawn}/cancel`)).status()).toBe(200);
  await visit(browser, "acme", `/approvals/${withdrawn}`, "cancelled");
});

test("proposal_hire and contract_end: pending, confirmed (Globex)", async ({ browser, request }) => {
  const api = agent(request, fx.tokens.otherAccount);
  const hire = await api.post(`/proposals/${fx.proposals.otherAccount}/hire`, {
    milestone: { name: "First audit pass", description: "Audit 40 transcripts.", amount: 40 },
  });
  expect(hire.status()).toBe(202);
  const hireApproval = (await hire.json()).approval;
  await decide(browser, "globex", hireApproval.id, "hire", confirm);

  const { contractId } = (await (await api.get(`/approvals/${hireApproval.id}`)).json()).approval.result;
  const end = await api.post(`/contracts/${contractId}/end`);
  expect(end.status()).toBe(202);
  await decide(browser, "globex", (await end.json()).approval.id, "end", confirm);
});

test("a sandbox checkout: waiting for payment, then paid", async ({ browser, request }) => {
  const api = agent(request, fx.tokens.full);
  const created = await api.post(`/credits/top-ups`, { amountUsd: 10 });
  expect(created.status()).toBe(201);
  const path = new URL((await created.json()).checkoutUrl).pathname;
  await visit(browser, "acme", path, "checkout-pending");
  const opened = await open(browser, "acme", "phone", path);
  await opened.page.getByRole("button", { name: "Pay $10.00 (sandbox)" }).click();
  await expect(opened.page.getByTestId("checkout-status")).toHaveText("Paid");
  await opened.page.close();
  await visit(browser, "acme", path, "checkout-paid");
});
