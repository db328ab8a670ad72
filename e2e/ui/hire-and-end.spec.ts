import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { agent, fixtures, ledgerBalance, signInQuickly } from "../support/state";

// Hiring and ending, co-signed in a real browser: the agent asks over HTTP, the human reviews, adjusts or chooses,
// and confirms; the money and the API agree afterwards. Phone (375 px) and desktop; one flow without JavaScript.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];
const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** No serious or critical axe violation, and nothing wider than the screen. */
async function expectAccessibleAndFitting(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

let hiredContractId = "";

test("desktop: a second hire supersedes the first; the human adjusts the amount and confirms; milestone 1 is funded at it", async ({
  page,
  request,
}, testInfo) => {
  const api = agent(request, fx.tokens.full);
  const first = await api.post(`/proposals/${fx.proposals.open}/hire`, {
    milestone: { name: "First 20 solutions", description: "Worked and checked.", amount: 200 },
  });
  expect(first.status()).toBe(202);
  const second = await api.post(`/proposals/${fx.proposals.open}/hire`, {
    milestone: { name: "First 25 solutions", description: "Worked and checked twice.", amount: 250 },
  });
  expect(second.status()).toBe(202);
  const { approval } = await second.json();
  const old = (await (await api.get(`/approvals/${(await first.json()).approval.id}`)).json()).approval;
  expect(old).toMatchObject({ status: "cancelled", result: { cancelled: true, reason: "superseded" } });
  const availableBefore = await ledgerBalance("ORG_AVAILABLE:org_acme");
  const escrowBefore = await ledgerBalance("ORG_ESCROW:org_acme");

  await signInQuickly(page, owner.email, owner.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-summary")).toHaveText(
    "Hire Lena K. for “Step-by-step math solutions” and fund milestone 1 with $250.00 from the available balance of Acme Robotics.",
  );
  await expect(page.getByTestId("hire-trainer")).toHaveText("Lena K. (DE)");
  await expect(page.getByText("I coach olympiad students")).toBeVisible();
  await expect(page.getByTestId("available-after")).toHaveText(
    `$${((availableBefore - 25_000) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`,
  );
  await expectAccessibleAndFitting(page);
  await page.screenshot({ path: testInfo.outputPath("hire-pending-desktop.png"), fullPage: true });

  await page.getByLabel("Name").fill("Ten solutions first");
  await page.getByLabel("Amount to fund now (US dollars)").fill("150.25");
  await page.getByRole("button", { name: "Confirm hire and fund milestone 1" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  await expect(page.getByTestId("approval-outcome")).toContainText(
    "Lena K. was hired: a contract was created and milestone 1 was funded with $150.25.",
  );
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  // Past tense once decided, with the confirmed amount, not the agent's.
  await expect(page.getByTestId("approval-summary")).toHaveText(
    "Hired Lena K. for “Step-by-step math solutions” and funded milestone 1 with $150.25 from the available balance of Acme Robotics.",
  );
  await expectAccessibleAndFitting(page);
  await page.screenshot({ path: testInfo.outputPath("hire-confirmed-desktop.png"), fullPage: true });

  const polled = (await (await api.get(`/approvals/${approval.id}`)).json()).approval;
  expect(polled).toMatchObject({ status: "confirmed", result: { hired: true, freelancerUserId: "fl_lena" } });
  hiredContractId = polled.result.contractId;
  const contract = (await (await api.get(`/contracts/${hiredContractId}`)).json()).contract;
  expect(contract.milestones).toEqual([
    expect.objectContaining({
      milestoneNumber: 1,
      name: "Ten solutions first",
      amountUsd: 150.25,
      status: "ACTIVE_FUNDED",
    }),
  ]);
  expect(await ledgerBalance("ORG_AVAILABLE:org_acme")).toBe(availableBefore - 15_025);
  expect(await ledgerBalance("ORG_ESCROW:org_acme")).toBe(escrowBefore + 15_025);

  await page.getByTestId("invoice-link").click();
  await expect(page.getByTestId("invoice-amount")).toHaveText("$150.25");
  await expect(page.getByTestId("invoice-status")).toHaveText(/^Funded: held in escrow/);
  await expectAccessibleAndFitting(page);
});

test("phone: review a hire at 375 px, change the amount, confirm", async ({ browser, request }, testInfo) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const api = agent(request, fx.tokens.full);
  const { approval } = await (
    await api.post(`/proposals/${fx.proposals.openSecond}/hire`, {
      milestone: { description: "Fifty solutions, each verified twice.", amount: 380 },
    })
  ).json();
  await signInQuickly(page, owner.email, owner.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("hire-trainer")).toHaveText("Omar H. (EG)");
  await expectAccessibleAndFitting(page);
  await page.screenshot({ path: testInfo.outputPath("hire-pending-phone.png"), fullPage: true });
  await page.getByLabel("Amount to fund now (US dollars)").fill("95");
  await page.getByRole("button", { name: "Confirm hire and fund milestone 1" }).tap();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  await expect(page.getByTestId("approval-outcome")).toContainText("milestone 1 was funded with $95.00");
  await expectAccessibleAndFitting(page);
  await page.screenshot({ path: testInfo.outputPath("hire-confirmed-phone.png"), fullPage: true });
  const result = (await (await api.get(`/approvals/${approval.id}`)).json()).approval.result;
  const contract = (await (await api.get(`/contracts/${result.contractId}`)).json()).contract;
  expect(contract.milestones[0]).toMatchObject({ name: "Milestone 1", amountUsd: 95, status: "ACTIVE_FUNDED" });
  await context.close();
});

test("phone, without JavaScript: end a contract, refund milestone 1 and release milestone 2; money and statuses match", async ({
  browser,
  request,
}, testInfo) => {
  expect(hiredContractId).not.toBe("");
  const api = agent(request, fx.tokens.full);
  // A second funded milestone on the hired contract, funded through the page like any other.
  const created = await (
    await api.post(`/contracts/${hiredContractId}/milestones`, {
      name: "Next 30 solutions",
      description: "More of the same.",
      amountUsd: 60,
    })
  ).json();
  const funding = (await (await api.post(`/milestones/${created.milestone.id}/fund`)).json()).approval;

  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await signInQuickly(page, owner.email, owner.password);
  // axe and the width check run scripts in the page: they look at the same URL in a signed-in context that has them.
  const checker = await browser.newContext(PHONE);
  await checker.addCookies(await context.cookies());
  const checkPage = await checker.newPage();
  const check = async () => {
    await checkPage.goto(page.url());
    await expectAccessibleAndFitting(checkPage);
  };
  await page.goto(`/approvals/${funding.id}`);
  await page.getByRole("button", { name: "Confirm and fund $60.00" }).tap();
  await expect(page.getByTestId("approval-outcome")).toContainText("was moved into escrow");

  const asked = await api.post(`/contracts/${hiredContractId}/end`);
  expect(asked.status()).toBe(202);
  const { approval } = await asked.json();
  expect(approval).toMatchObject({
    type: "contract_end",
    contractId: hiredContractId,
    milestoneId: null,
    proposalId: null,
  });
  const before = {
    available: await ledgerBalance("ORG_AVAILABLE:org_acme"),
    escrow: await ledgerBalance("ORG_ESCROW:org_acme"),
    payout: await ledgerBalance("TRAINER_PAYOUT:fl_lena"),
  };

  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-summary")).toHaveText(
    "End “Step-by-step math solutions — Lena K.” with Lena K. and settle 2 funded milestones holding $210.25 in escrow.",
  );
  await expect(page.getByTestId("end-milestones").getByRole("listitem")).toHaveCount(2);
  const contract = (await (await api.get(`/contracts/${hiredContractId}`)).json()).contract;
  const [first, secondMs] = contract.milestones;
  await expect(page.getByTestId(`settle-${first.id}`).getByLabel(/Refund/)).toBeChecked();
  await check();
  await page.screenshot({ path: testInfo.outputPath("end-pending-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("end-pending-desktop.png"), fullPage: true });
  await page.setViewportSize(PHONE.viewport);

  await page
    .getByTestId(`settle-${secondMs.id}`)
    .getByLabel(/Release to Lena K\./)
    .check();
  await page.getByRole("button", { name: "Confirm and end the contract" }).tap();
  await expect(page.getByTestId("approval-outcome")).toContainText(
    "The contract ended: $150.25 was refunded to the available balance and $60.00 was released to Lena K.",
  );
  await expect(page.getByTestId("approval-summary")).toHaveText(
    "Ended “Step-by-step math solutions — Lena K.” with Lena K. and settled 2 funded milestones holding $210.25 in escrow.",
  );
  await expect(page.getByTestId(`end-outcome-${first.id}`)).toContainText("Refunded to the available balance.");
  await expect(page.getByTestId(`end-outcome-${secondMs.id}`)).toContainText("Released to Lena K.");
  await check();
  await page.screenshot({ path: testInfo.outputPath("end-confirmed-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("end-confirmed-desktop.png"), fullPage: true });

  const polled = (await (await api.get(`/approvals/${approval.id}`)).json()).approval;
  expect(polled).toMatchObject({
    status: "confirmed",
    result: { contractEnded: true, refunded: [first.id], released: [secondMs.id] },
  });
  const after = (await (await api.get(`/contracts/${hiredContractId}`)).json()).contract;
  expect(after.status).toBe("ended");
  expect(after.milestones.map((m: { status: string }) => m.status)).toEqual(["REFUNDED", "COMPLETED"]);
  const deltas = {
    available: (await ledgerBalance("ORG_AVAILABLE:org_acme")) - before.available,
    escrow: (await ledgerBalance("ORG_ESCROW:org_acme")) - before.escrow,
    payout: (await ledgerBalance("TRAINER_PAYOUT:fl_lena")) - before.payout,
  };
  expect(deltas).toEqual({ available: 15_025, escrow: -21_025, payout: 6_000 });
  // Double entry: what left escrow arrived exactly in the available balance and the trainer's payout.
  expect(deltas.available + deltas.escrow + deltas.payout).toBe(0);
  await context.close();
  await checker.close();
});

test("end without funds answers 200 at once; the ended contract's page-free path leaves no approval", async ({
  request,
}) => {
  const api = agent(request, fx.tokens.full);
  const res = await api.post(`/contracts/${fx.contracts.unfunded}/end`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, contractId: fx.contracts.unfunded, status: "ended" });
  const list = await (await api.get(`/approvals?type=contract_end&limit=100`)).json();
  expect(list.approvals.some((a: { contractId: string }) => a.contractId === fx.contracts.unfunded)).toBe(false);
});
