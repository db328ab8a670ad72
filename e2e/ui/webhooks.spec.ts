import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, PHONE } from "../support/page-checks";
import { agent, documented, fixtures, signInQuickly } from "../support/state";

// The settings page's webhooks section, fed by the production server's own delivery worker: one receiver that
// answers 200 and one that answers 503, so a delivered and a retrying delivery are both on the page, at 375 px.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];

async function receiver(status: number) {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      count++;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("/settings lists each webhook with its recent deliveries: status, attempts and the next retry", async ({
  browser,
  request,
}) => {
  const api = agent(request, fx.tokens.full);
  const ok = await receiver(200);
  const failing = await receiver(503);
  const ids: string[] = [];
  try {
    for (const target of [ok, failing]) {
      const res = await api.post("/webhooks", { url: target.url, eventTypes: ["payment.pending"] });
      expect(res.status()).toBe(201);
      ids.push((await res.json()).webhook.id);
    }
    // One event, on a milestone of its own (the fixtures' milestones are other specs' to fund), withdrawn at once.
    const created = await api.post(`/contracts/${fx.contracts.active}/milestones`, {
      description: "Webhook delivery check",
      amountUsd: 5,
    });
    expect(created.status()).toBe(201);
    const fund = await api.post(`/milestones/${(await created.json()).milestone.id}/fund`);
    expect(fund.status()).toBe(202);
    expect((await api.post(`/approvals/${(await fund.json()).approval.id}/cancel`)).status()).toBe(200);
    await expect.poll(() => ok.count() + failing.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    const context = await browser.newContext({ ...PHONE, baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await signInQuickly(page, owner.email, owner.password);
    await page.goto("/settings");
    const section = page.getByTestId("webhooks").first();
    await expect(section.getByTestId("webhook-row")).toHaveCount(2);
    const delivered = section.getByTestId("webhook-row").filter({ hasText: ok.url });
    await expect(delivered.getByTestId("delivery-row")).toContainText(["Delivered"]);
    await expect(delivered.getByTestId("delivery-row")).toContainText(["1 attempt"]);
    const retrying = section.getByTestId("webhook-row").filter({ hasText: failing.url });
    await expect(retrying.getByTestId("delivery-row")).toContainText(["Retrying"]);
    await expect(retrying.getByTestId("delivery-row")).toContainText(["Next retry"]);
    await expect(retrying.getByTestId("delivery-row")).toContainText(["HTTP 503"]);
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await context.close();
  } finally {
    for (const id of ids)
      await documented(
        request,
        "DELETE",
        await request.delete(`/api/public/v1/webhooks/${id}`, {
          headers: { authorization: `Bearer ${fx.tokens.full}` },
        }),
      );
    await Promise.all([ok.close(), failing.close()]);
  }
});
