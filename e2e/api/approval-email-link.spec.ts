import { expect, test, type APIRequestContext } from "@playwright/test";
import { mimePart, startSmtpInbox, type ReceivedMail } from "../../test/support/smtp-inbox";
import { agent, approvalStatusInDatabase, fixtures, ledgerBalance } from "../support/state";

// Issue 15 item 3 against the production server: the background notifier emails the account's owner (at a real
// SMTP server) when an agent asks, and the link in that email — fetched the way mail scanners and link previews
// fetch every link, signed out and signed in — changes nothing. Globex's milestone, so the ui project's tests of
// Acme's inbox see only their own approvals.
const fx = fixtures();
const SMTP_PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const owner = fx.humans.find((h) => h.email === "owner@globex.test")!;
const SCANNERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
  "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "curl/8.5.0",
  "",
];

let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
test.beforeAll(async () => {
  inbox = await startSmtpInbox(SMTP_PORT);
});
test.afterAll(async () => {
  await inbox.close();
});

async function mailAbout(approvalId: string): Promise<ReceivedMail & { text: string }> {
  let found: (ReceivedMail & { text: string }) | undefined;
  await expect
    .poll(
      () => {
        found = inbox.messages
          .map((m) => ({ ...m, text: mimePart(m.raw, "text/plain") ?? "" }))
          .find((m) => m.text.includes(`/approvals/${approvalId}`));
        return found !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

/** Everything a GET could have changed: the approval as the API and the database have it, the money, the feed. */
async function observe(request: APIRequestContext, approvalId: string) {
  const api = agent(request, fx.tokens.otherAccount);
  const approval = await (await api.get(`/approvals/${approvalId}`)).json();
  const feed = await (await api.get("/updates?limit=100")).json();
  return {
    approval,
    inDatabase: await approvalStatusInDatabase(approvalId),
    available: await ledgerBalance("ORG_AVAILABLE:org_globex"),
    escrow: await ledgerBalance("ORG_ESCROW:org_globex"),
    events: feed.events.length,
  };
}

async function signedIn(request: APIRequestContext) {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { email: owner.email, password: owner.password, csrfToken: csrf.csrfToken, callbackUrl: "/approvals" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
}

test("the owner's email has the amount and the link; GETs of that link, signed out and in, by any client, change nothing", async ({
  playwright,
  request,
  baseURL,
}) => {
  const api = agent(request, fx.tokens.otherAccount);
  const asked = await api.post(`/milestones/${fx.milestones.otherAccount}/approve`);
  expect(asked.status()).toBe(202);
  const { approval } = await asked.json();
  const contract = await (await api.get(`/contracts/${approval.contractId}`)).json();
  const amountUsd = contract.contract.milestones.find((m: { id: string }) => m.id === approval.milestoneId).amountUsd;

  const mail = await mailAbout(approval.id);
  expect(mail.to).toEqual([owner.email]);
  expect(mail.text).toContain(`Amount: $${amountUsd.toFixed(2)}`);
  const link = mail.text.split(/\r?\n/).find((line) => line.startsWith("http"));
  expect(link).toBe(approval.approvalUrl);
  expect(link).toBe(`${baseURL}/approvals/${approval.id}`);

  const before = await observe(request, approval.id);
  expect(before.inDatabase).toBe("pending");

  const signedOut = await playwright.request.newContext({ baseURL });
  const signedInContext = await playwright.request.newContext({ baseURL });
  await signedIn(signedInContext);
  for (const userAgent of SCANNERS) {
    const headers = { "user-agent": userAgent };
    // Signed out: the sign-in page, and nothing else.
    const bounced = await signedOut.get(link!, { headers, maxRedirects: 0 });
    expect(bounced.status()).toBe(307);
    expect(bounced.headers().location).toMatch(/^\/sign-in\?callbackUrl=%2Fapprovals%2Fapr_/);
    const followed = await signedOut.get(link!, { headers });
    expect(new URL(followed.url()).pathname).toBe("/sign-in");
    // Signed in as the owner who could confirm it: the review page, with its buttons — and still nothing happens.
    const page = await signedInContext.get(link!, { headers });
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain("Confirm and release");
    // Prefetch hints and HEAD, as browsers and link checkers send them.
    const prefetch = { ...headers, purpose: "prefetch", "sec-purpose": "prefetch" };
    expect((await signedInContext.get(link!, { headers: prefetch })).status()).toBe(200);
    expect((await signedInContext.head(link!, { headers })).status()).toBe(200);
  }
  expect(await observe(request, approval.id)).toEqual(before);

  // Withdrawn, so the seed endpoint's spec records an approval of its own on this milestone.
  expect((await api.post(`/approvals/${approval.id}/cancel`)).status()).toBe(200);
  await Promise.all([signedOut.dispose(), signedInContext.dispose()]);
});
