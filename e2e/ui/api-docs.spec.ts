import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, PHONE, watchCsp } from "../support/page-checks";
import { documented } from "../support/state";

// The API reference, /llms.txt and the OpenAPI document, as a browser and an agent fetch them from the production
// server: the reference renders the served document under the pages' CSP with no violation and no console error.
test("/docs/api renders every endpoint of the served document, under the CSP, with no console error", async ({
  page,
  request,
}) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const violations = await watchCsp(page);
  const response = await page.goto("/docs/api");
  expect(response?.status()).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).not.toContain("unsafe-eval");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  const document = await (await documented(request, "GET", await request.get("/api/public/v1/openapi.json"))).json();
  const operationCount = Object.values(document.paths as Record<string, object>).reduce(
    (sum, item) => sum + Object.keys(item).length,
    0,
  );
  await expect(page.getByTestId("api-operation")).toHaveCount(operationCount);
  const approve = page.locator("#op-requestMilestoneApproval");
  await expect(approve.getByRole("heading", { level: 3 })).toHaveText(
    "POST/api/public/v1/milestones/{milestoneId}/approve",
  );
  await approve.getByText("409", { exact: true }).click();
  await expect(approve.getByText("milestone_not_releasable").first()).toBeVisible();
  // Each success answer shows its example.
  await approve.getByText("202", { exact: true }).click();
  await expect(approve.getByLabel("Example 202 answer")).toContainText('"approvalUrl"');
  await expectAccessible(page);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test("/docs/api on a 375 px phone: no sideways scroll", async ({ browser }) => {
  const context = await browser.newContext({ ...PHONE, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await page.goto("/docs/api");
  // With a long example open too (the feed's, with its events).
  const updates = page.locator("#op-pollUpdates");
  await updates.getByText("200", { exact: true }).click();
  await expect(updates.getByLabel("Example 200 answer")).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await context.close();
});

test("/llms.txt and openapi.json are served without a token, and link each other and the reference", async ({
  request,
  baseURL,
}) => {
  const llms = await request.get("/llms.txt");
  expect(llms.status()).toBe(200);
  expect(llms.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  const text = await llms.text();
  expect(text).toContain(`${baseURL}/api/public/v1/openapi.json`);
  expect(text).toContain(`${baseURL}/docs/api`);
  expect(text).toContain("`POST /api/public/v1/milestones/{milestoneId}/approve`");
  const spec = await documented(request, "GET", await request.get("/api/public/v1/openapi.json"));
  expect(spec.status()).toBe(200);
  expect((await spec.json()).openapi).toBe("3.1.0");
});
