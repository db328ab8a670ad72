import { expect, test } from "@playwright/test";
import { agent, approvalStatusInDatabase, fixtures, signInQuickly } from "../support/state";

// Roles on the co-sign page: a MEMBER of the account reads the approval but is told only an owner can decide it,
// and is offered no button that would.
const fx = fixtures();
const member = fx.humans.find((human) => human.role === "MEMBER")!;

test("a MEMBER sees the approval, is told an owner must decide, and has no confirm or decline button", async ({
  page,
  request,
}, testInfo) => {
  // A milestone of its own (other specs share this server and its demo milestones).
  const api = agent(request, fx.tokens.full);
  const created = await api.post(`/contracts/${fx.contracts.active}/milestones`, {
    description: "Roles check",
    amountUsd: 12.5,
  });
  expect(created.status()).toBe(201);
  const asked = await api.post(`/milestones/${(await created.json()).milestone.id}/fund`);
  expect(asked.status()).toBe(202);
  const { approval } = await asked.json();

  await signInQuickly(page, member.email, member.password);
  await page.goto(`/approvals/${approval.id}`);
  await expect(page.getByTestId("approval-summary")).toHaveText(
    /Move \$12\.50 from the available balance of Acme Robotics into escrow/,
  );
  await expect(page.getByTestId("member-notice")).toHaveText(/only an owner of the account can confirm or decline it/);
  await expect(page.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Decline" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("approval-member.png"), fullPage: true });
  expect(await approvalStatusInDatabase(approval.id)).toBe("pending");
});
