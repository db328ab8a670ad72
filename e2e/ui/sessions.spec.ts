import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { fixtures, setServerClockOffset, signInQuickly } from "../support/state";

// Revocable sessions and sign-in throttling, in real Chromium against the production build.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];
const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1 e2e-phone";

test.afterEach(() => setServerClockOffset(0));

async function signedInPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signInQuickly(page, owner.email, owner.password);
  return { context, page };
}

async function expectSignedOut(page: Page) {
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapprovals$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

test("a cookie saved before sign-out opens nothing after it", async ({ browser }) => {
  const { context, page } = await signedInPage(browser);
  await page.goto("/approvals");
  await expect(page.getByTestId("signed-in-as")).toHaveText(owner.email);
  const saved = await context.cookies();
  expect(saved.some((c) => c.name.includes("session-token"))).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The stolen copy, in a browser of its own.
  const thief = await browser.newContext();
  await thief.addCookies(saved);
  const thiefPage = await thief.newPage();
  await expectSignedOut(thiefPage);
  // next-auth's own session endpoint agrees: no session for that cookie.
  await thief.addCookies(saved);
  expect(await (await thiefPage.request.get("/api/auth/session")).json()).toBeNull();
  await Promise.all([context.close(), thief.close()]);
});

test("/settings lists this human's sessions, marks this device, and ending another one signs that browser out", async ({
  browser,
}) => {
  const laptop = await signedInPage(browser);
  const phone = await signedInPage(browser, {
    userAgent: PHONE_UA,
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  await phone.page.goto("/approvals");
  await expect(phone.page.getByTestId("signed-in-as")).toHaveCount(1);

  await laptop.page.goto("/approvals");
  await laptop.page.getByRole("link", { name: "Settings" }).click();
  await expect(laptop.page).toHaveURL("/settings");
  await expect(laptop.page.getByRole("heading", { name: "Settings" })).toBeVisible();
  const rows = laptop.page.getByTestId("session-row");
  const current = laptop.page.locator('[data-testid="session-row"][data-current="true"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText("This device");
  // The ui project is Playwright's "Desktop Chrome", whose user agent says Windows.
  await expect(current).toContainText("Chrome on Windows");
  await expect(current.getByTestId("session-created")).toHaveText(/ UTC$/);
  await expect(current.getByTestId("session-last-seen")).toHaveText(/ UTC$/);
  const phoneRow = rows.filter({ hasText: "e2e-phone" });
  await expect(phoneRow).toHaveCount(1);
  await expect(phoneRow).toContainText("Safari on iOS");
  await expect(phoneRow).toContainText("127.0.0.0/24");
  await expect(phoneRow).not.toContainText("This device");
  const before = await rows.count();

  await phoneRow.getByRole("button", { name: /^End session/ }).click();
  await expect(laptop.page.getByRole("status")).toHaveText("Session ended. That browser is signed out.");
  await expect(rows).toHaveCount(before - 1);
  await expect(rows.filter({ hasText: "e2e-phone" })).toHaveCount(0);
  await expectSignedOut(phone.page);
  // The laptop is still in.
  await laptop.page.goto("/approvals");
  await expect(laptop.page.getByTestId("signed-in-as")).toHaveText(owner.email);

  // Ending this device's own session is signing out.
  await laptop.page.goto("/settings");
  await current.getByRole("button", { name: /^End this session \(signs you out\)/ }).click();
  await expect(laptop.page).toHaveURL(/\/sign-in/);
  await expectSignedOut(laptop.page);
  await Promise.all([laptop.context.close(), phone.context.close()]);
});

test("a session ends 7 days after sign-in however much it is used (the server's clock moved)", async ({ browser }) => {
  const { context, page } = await signedInPage(browser);
  setServerClockOffset(6 * 24 * 60 * 60 * 1000);
  await page.goto("/approvals");
  await expect(page.getByTestId("signed-in-as")).toHaveText(owner.email);
  setServerClockOffset(7 * 24 * 60 * 60 * 1000 + 60_000);
  await expectSignedOut(page);
  await context.close();
});

test("/settings on a 375 px phone: nothing wider than the screen, and no accessibility violations", async ({
  browser,
}, testInfo) => {
  const { context, page } = await signedInPage(browser, {
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  await page.goto("/settings");
  await expect(page.getByTestId("session-row").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expect(page.getByRole("link", { name: "Settings" })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("settings-phone.png"), fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await context.close();
});

test("without JavaScript: /settings ends a session with a plain form post", async ({ browser }) => {
  const other = await signedInPage(browser, { userAgent: `${PHONE_UA} nojs-target` });
  const { context, page } = await signedInPage(browser, { javaScriptEnabled: false });
  await page.goto("/settings");
  const target = page.getByTestId("session-row").filter({ hasText: "nojs-target" });
  await expect(target).toHaveCount(1);
  await target.getByRole("button", { name: /^End session/ }).click();
  await expect(page).toHaveURL("/settings?ended=1");
  await expect(page.getByRole("status")).toHaveText("Session ended. That browser is signed out.");
  await expect(page.getByTestId("session-row").filter({ hasText: "nojs-target" })).toHaveCount(0);
  await expectSignedOut(other.page);
  await Promise.all([context.close(), other.context.close()]);
});

test("sign-in throttling: after 5 wrong passwords the form says how long to wait, with and without JavaScript", async ({
  browser,
}, testInfo) => {
  // An email of its own (known or not makes no difference to the throttle), so no other test's human is locked out.
  const email = "throttle-e2e@example.test";
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  for (let i = 0; i < 5; i++) {
    await submit(page, email, `wrong-${i}`);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  await submit(page, email, "wrong-again");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Too many attempts. Try again in 1 minute.");
  await page.screenshot({ path: testInfo.outputPath("sign-in-throttled.png") });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // The same refusal as a browser without JavaScript gets it: the form posts, the page comes back with the message.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/sign-in");
  await plain.getByLabel("Email").fill(email);
  await plain.getByLabel("Password").fill("wrong-without-js");
  await plain.getByRole("button", { name: "Sign in" }).click();
  await expect(plain.locator("form").getByRole("alert")).toHaveText("Too many attempts. Try again in 1 minute.");

  // A minute later (server clock) the account may try again.
  setServerClockOffset(61_000);
  await submit(page, email, "still-wrong");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await Promise.all([context.close(), noJs.close()]);
});

/** Fills and submits the sign-in form, and waits for the server action's answer (the message shown before it is the last one's). */
async function submit(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  // React resets the form once the action's answer is shown; filling before that would be wiped.
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
}
