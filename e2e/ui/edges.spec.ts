import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { HOSTILE_CALLBACK_STRINGS } from "../../test/support/hostile-callbacks";
import { watchCsp } from "../support/page-checks";
import { agent, approvalStatusInDatabase, documented, fixtures, signInQuickly } from "../support/state";

// The edges of the human side in real Chromium: framing, the CSP (with JavaScript on and off), and callback values
// that try to lead the browser off the origin. Runs after cosign.spec.ts (it counts the inbox) and uses its own
// milestones.
test.describe.configure({ mode: "serial" });

const fx = fixtures();
const owner = fx.humans[0];

/** A fresh $1 funding approval on the demo account: something to confirm. */
async function newApproval(page: Page, label: string) {
  const api = agent(page.request, fx.tokens.full);
  const created = await api.post(`/contracts/${fx.contracts.active}/milestones`, {
    name: label,
    description: label,
    amountUsd: 1,
  });
  expect(created.status()).toBe(201);
  const asked = await api.post(`/milestones/${(await created.json()).milestone.id}/fund`);
  expect(asked.status()).toBe(202);
  return (await asked.json()).approval.id as string;
}

test("a same-site page on another port that frames the co-sign page shows no confirm button", async ({
  page,
  baseURL,
}) => {
  await signInQuickly(page, owner.email, owner.password);
  const approvalId = await newApproval(page, "framing check");
  // Unframed, the button is there: the check below is about framing, not a missing button.
  await page.goto(`/approvals/${approvalId}`);
  await expect(page.getByRole("button", { name: "Confirm and fund $1.00" })).toBeVisible();

  // The attacker's page: same site (127.0.0.1), another origin (another port), so SameSite=Lax cookies still flow.
  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><h1>Win a prize</h1><iframe id="victim" src="${baseURL}/approvals/${approvalId}" style="opacity:0.05;width:900px;height:900px"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = attacker.address() as AddressInfo;
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await expect(page.getByRole("heading", { name: "Win a prize" })).toBeVisible();
    const frame = page.frameLocator("#victim");
    // Give the frame time to load whatever it will load.
    await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(frame.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
    await expect(frame.getByTestId("approval-summary")).toHaveCount(0);
    expect(await approvalStatusInDatabase(approvalId)).toBe("pending");
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }
});

test("every page and API response carries the security headers, each once; pages get a fresh nonce", async ({
  page,
  request,
}) => {
  await signInQuickly(page, owner.email, owner.password);
  const approvalId = await newApproval(page, "header check");
  const expectedStatic: Record<string, string> = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  };
  const targets: { path: string; kind: "page" | "api" | "asset"; signedIn?: boolean; method?: string }[] = [
    { path: "/", kind: "page" },
    { path: "/sign-in", kind: "page" },
    { path: "/sign-up", kind: "page" },
    { path: "/claim", kind: "page" },
    { path: "/approvals", kind: "page", signedIn: true },
    { path: `/approvals/${approvalId}`, kind: "page", signedIn: true },
    { path: "/billing", kind: "page", signedIn: true },
    { path: "/no-such-page", kind: "page" },
    { path: "/approvals/%FF", kind: "page", signedIn: true },
    { path: "/%C0%AF", kind: "page" },
    { path: "/api/public/v1/auth/me", kind: "api" },
    { path: "/api/public/v1/approvals/%FF", kind: "api" },
    { path: "/api/public/v1/nope", kind: "api" },
    { path: "/api/auth/session", kind: "api" },
    { path: "/api/auth/csrf", kind: "api" },
    { path: "/api/health", kind: "api" },
  ];
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const nonces = new Set<string>();
  for (const target of targets) {
    const method = target.method ?? "GET";
    const res = await request.fetch(target.path, {
      method,
      headers: target.signedIn ? { cookie } : {},
      maxRedirects: 0,
    });
    // The API's answers are held against the OpenAPI document (pages and next-auth's routes pass through unchecked).
    if (target.kind === "api") await documented(request, method, res);
    const where = `${target.path} → ${res.status()}`;
    expect(res.status(), where).toBeLessThan(500);
    const names = res.headersArray().map((h) => h.name.toLowerCase());
    for (const [name, value] of Object.entries(expectedStatic)) {
      expect(
        names.filter((n) => n === name),
        `${where}: ${name} once`,
      ).toHaveLength(1);
      expect(res.headers()[name], where).toBe(value);
    }
    expect(
      names.filter((n) => n === "content-security-policy"),
      `${where}: one CSP`,
    ).toHaveLength(1);
    // Served over plain HTTP: no HSTS.
    expect(names, where).not.toContain("strict-transport-security");
    const csp = res.headers()["content-security-policy"];
    expect(csp, where).toContain("frame-ancestors 'none'");
    if (target.kind === "page") {
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, where).toBeTruthy();
      expect(csp, where).toContain("'strict-dynamic'");
      expect(csp, where).not.toContain("unsafe-eval");
      nonces.add(nonce!);
      if (res.status() === 200) {
        // Every script Next rendered carries this response's nonce.
        const html = await res.text();
        const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, where).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, where).toContain(`nonce="${nonce}"`);
      }
    } else {
      expect(csp, where).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
  }
  expect(nonces.size, "a fresh nonce per response").toBe(targets.filter((t) => t.kind === "page").length);

  // Static assets carry the static headers too.
  const html = await (await request.get("/sign-in")).text();
  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  const assetRes = await request.get(asset);
  expect(assetRes.status()).toBe(200);
  expect(assetRes.headers()["x-content-type-options"]).toBe("nosniff");

  // Behind a TLS-terminating proxy (it says so in X-Forwarded-Proto) a production server adds HSTS, once.
  for (const path of ["/sign-in", "/api/public/v1/auth/me"]) {
    const res = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    if (path.startsWith("/api/")) await documented(request, "GET", res);
    expect(
      res.headersArray().filter((h) => h.name.toLowerCase() === "strict-transport-security"),
      path,
    ).toHaveLength(1);
    expect(res.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  }
});

test("with JavaScript on, the pages run under the CSP with no violation: sign-in, inbox, co-sign, confirm, sign-out", async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await page.goto("/sign-in");
  // React hydrated: the inline flight data ran (it is blocked without the nonce) and the client took over the form.
  await expect
    .poll(() => page.evaluate(() => Array.isArray((self as unknown as { __next_f?: unknown[] }).__next_f)))
    .toBe(true);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/approvals");
  const approvalId = await newApproval(page, "csp on check");
  await page.goto(`/approvals/${approvalId}`);
  // A client-side navigation (next/link) works: the router's scripts loaded under 'strict-dynamic'.
  await page.getByRole("link", { name: "Money" }).click();
  await expect(page).toHaveURL("/billing");
  await page.goBack();
  await page.getByRole("button", { name: "Confirm and fund $1.00" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  expect(await approvalStatusInDatabase(approvalId)).toBe("confirmed");
  await page.goto("/sign-up");
  await page.goto("/approvals");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(violations).toEqual([]);
});

test("with JavaScript off, a human can still sign in through the form, confirm and decline", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const violations = await watchCsp(page);
  const api = agent(page.request, fx.tokens.full);
  const confirmId = await newApproval(page, "no-js confirm");
  const declineId = await newApproval(page, "no-js decline");
  await page.goto(`/approvals/${confirmId}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`/approvals/${confirmId}`);
  await page.getByRole("button", { name: "Confirm and fund $1.00" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");
  expect((await (await api.get(`/approvals/${confirmId}`)).json()).approval.status).toBe("confirmed");
  await page.goto(`/approvals/${declineId}`);
  await page.getByText("Add a reason for the agent").click();
  await page.getByLabel(/Reason for declining/).fill("Not without JavaScript.");
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByTestId("action-result")).toHaveText("Declined. The agent will see your decision.");
  expect((await (await api.get(`/approvals/${declineId}`)).json()).approval.status).toBe("declined");
  expect(violations).toEqual([]);
  await context.close();
});

test("no callback value leads the browser off the origin or to a 5xx", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const serverErrors: string[] = [];
  page.on("response", (res) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.url()}`);
  });
  // Signed out, through the real form, for a few of them (each is a full sign-in).
  for (const value of ["//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(value)}`);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page, value).toHaveURL(`${origin}/approvals`);
  }
  // Signed in, the sign-in page sends the human straight on to the callback: every value, in the browser.
  for (const value of HOSTILE_CALLBACK_STRINGS) {
    const res = await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(value)}`);
    expect(new URL(page.url()).origin, JSON.stringify(value).slice(0, 60)).toBe(origin);
    expect(new URL(page.url()).pathname, JSON.stringify(value).slice(0, 60)).toBe("/approvals");
    expect(res?.status()).toBe(200);
  }
  // Values a browser could also put in the query unescaped.
  for (const raw of [
    "//evil.example",
    "/\\evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "%09//evil.example",
    "https:evil.example",
    "javascript:alert(1)",
  ]) {
    await page.goto(`/sign-in?callbackUrl=${raw}`);
    expect(new URL(page.url()).origin, raw).toBe(origin);
  }
  // next-auth's own callbackUrl, on sign-in and on sign-out, goes through the same check.
  for (const value of ["https://evil.example/steal", "//evil.example", "/\\evil.example", "/.//evil.example"]) {
    const csrf = await (await page.request.get("/api/auth/csrf")).json();
    const signIn = await page.request.post("/api/auth/callback/credentials", {
      form: { email: owner.email, password: owner.password, csrfToken: csrf.csrfToken, callbackUrl: value },
      maxRedirects: 0,
    });
    expect(new URL(signIn.headers()["location"], origin).origin, value).toBe(origin);
    expect(new URL(signIn.headers()["location"], origin).pathname, value).toBe("/approvals");
    const signOut = await page.request.post("/api/auth/signout", {
      form: { csrfToken: csrf.csrfToken, callbackUrl: value },
      maxRedirects: 0,
    });
    expect(new URL(signOut.headers()["location"], origin).origin, value).toBe(origin);
  }
  expect(serverErrors).toEqual([]);
});
