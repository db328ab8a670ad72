import { expect, test } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll, PHONE } from "../support/page-checks";
import { fixtures, signInQuickly } from "../support/state";

// The email preferences on /settings (issue 15 item 3): a plain server-action form, on a phone, with JavaScript on
// and off. Feature-Off Labs' owner, so no other spec's emails depend on what this one saves.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const human = fx.humans.find((h) => h.email === "owner@featureoff.test")!;

for (const javaScriptEnabled of [true, false]) {
  test(`email preferences: defaults on, saved and shown again (JavaScript ${javaScriptEnabled ? "on" : "off"}, 375 px)`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled });
    const page = await context.newPage();
    await signInQuickly(page, human.email, human.password);
    // axe and the width check run scripts in the page: without JavaScript they look at the same URL in a signed-in
    // context that has it.
    const checker = javaScriptEnabled ? undefined : await browser.newContext(PHONE);
    await checker?.addCookies(await context.cookies());
    const checkPage = checker ? await checker.newPage() : page;
    const check = async () => {
      if (checker) await checkPage.goto(page.url());
      await expectAccessible(checkPage);
      await expectNoHorizontalScroll(checkPage);
    };
    await page.goto("/settings");
    const section = page.getByTestId("email-preferences");
    const newApprovals = section.getByLabel("When an agent asks for my approval");
    const reminders = section.getByLabel("One reminder before a request expires");
    await expect(newApprovals).toBeChecked();
    await expect(reminders).toBeChecked();
    await check();

    await reminders.uncheck();
    await section.getByRole("button", { name: "Save email settings" }).click();
    await expect(page).toHaveURL(/\/settings\?email=saved$/);
    await expect(section.getByRole("status")).toHaveText("Email settings saved.");
    await check();
    await page.goto("/settings");
    await expect(newApprovals).toBeChecked();
    await expect(reminders).not.toBeChecked();

    // Both off, then back to the defaults: what is saved is exactly what the boxes say.
    await newApprovals.uncheck();
    await section.getByRole("button", { name: "Save email settings" }).click();
    await expect(section.getByRole("status")).toHaveText("Email settings saved.");
    await page.goto("/settings");
    await expect(newApprovals).not.toBeChecked();
    await expect(reminders).not.toBeChecked();
    await newApprovals.check();
    await reminders.check();
    await section.getByRole("button", { name: "Save email settings" }).click();
    await expect(section.getByRole("status")).toHaveText("Email settings saved.");
    await page.goto("/settings");
    await expect(newApprovals).toBeChecked();
    await expect(reminders).toBeChecked();
    await Promise.all([context.close(), checker?.close()]);
  });
}
