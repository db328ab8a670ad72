import { expect, test } from "@playwright/test";
import { agent, approvalStatusInDatabase, documented, fixtures, setServerClockOffset } from "../support/state";

// Black-box, over real HTTP against the production server: the seed endpoint's rows as a contract-following
// client sees them (the in-process integration suite covers every row in depth, on both databases).
const fx = fixtures();
const approvePath = (id: string) => `/api/public/v1/milestones/${id}/approve`;

async function expectErrorBody(
  res: import("@playwright/test").APIResponse,
  status: number,
  code: string,
  details: Record<string, unknown>,
) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  const requestId = res.headers()["x-request-id"];
  expect(requestId).toBeTruthy();
  expect(await res.json()).toEqual({ error: expect.any(String), code, requestId, details });
}

test("202 with the approval and a message; approvalUrl on this server's origin; repeat returns the same", async ({
  request,
  baseURL,
}) => {
  // Globex's milestone, so the ui project's tests of Acme's inbox see only their own approvals.
  const api = agent(request, fx.tokens.otherAccount);
  const first = await api.post(`/milestones/${fx.milestones.otherAccount}/approve`);
  expect(first.status()).toBe(202);
  expect(first.headers()["x-request-id"]).toMatch(/^req_/);
  const body = await first.json();
  expect(body.approval).toMatchObject({
    type: "milestone_approve",
    status: "pending",
    proposalId: null,
    result: null,
    resolvedAt: null,
  });
  expect(body.approval.approvalUrl).toBe(`${baseURL}/approvals/${body.approval.id}`);
  const again = await (await api.post(`/milestones/${fx.milestones.otherAccount}/approve`)).json();
  expect(again.approval.id).toBe(body.approval.id);
});

test("every gate answers with the contract's status and body", async ({ request }) => {
  await expectErrorBody(
    await documented(request, "POST", await request.post(approvePath(fx.milestones.activeFunded))),
    401,
    "UNAUTHORIZED",
    {},
  );
  const scoped = await agent(request, fx.tokens.noPaymentsWrite).post(
    `/milestones/${fx.milestones.activeFunded}/approve`,
  );
  expect(scoped.status()).toBe(403);
  expect((await scoped.json()).details.requiredScopes).toEqual(["payments:write"]);
  await expectErrorBody(
    await agent(request, fx.tokens.featureOff).post(`/milestones/${fx.milestones.activeFunded}/approve`),
    403,
    "FORBIDDEN",
    {
      featureKey: "public_api_payments_write",
    },
  );
  const unclaimed = await agent(request, fx.tokens.unclaimed).post(`/milestones/${fx.milestones.activeFunded}/approve`);
  expect(unclaimed.status()).toBe(403);
  expect((await unclaimed.json()).details).toMatchObject({ reason: "account_claim_required", action: "claim_account" });
  const api = agent(request, fx.tokens.full);
  await expectErrorBody(await api.post(`/milestones/${fx.milestones.otherAccount}/approve`), 404, "NOT_FOUND", {
    resource: "milestones",
    milestoneId: fx.milestones.otherAccount,
  });
  await expectErrorBody(await api.post(`/milestones/${fx.milestones.onEndedContract}/approve`), 409, "CONFLICT", {
    reason: "contract_ended",
    contractId: fx.contracts.ended,
  });
  await expectErrorBody(await api.post(`/milestones/${fx.milestones.cancelled}/approve`), 409, "CONFLICT", {
    reason: "milestone_cancelled",
  });
  await expectErrorBody(await api.post(`/milestones/${fx.milestones.notFunded}/approve`), 409, "CONFLICT", {
    reason: "milestone_not_funded",
    status: "NOT_FUNDED",
  });
  await expectErrorBody(await api.post(`/milestones/${fx.milestones.completed}/approve`), 409, "CONFLICT", {
    reason: "milestone_not_releasable",
    status: "COMPLETED",
  });
});

test("unknown paths and malformed ids answer with the error body, never HTML", async ({ request }) => {
  const api = agent(request, fx.tokens.full);
  await expectErrorBody(await api.get(`/no/such/thing`), 404, "NOT_FOUND", {
    resource: "endpoint",
    path: "/api/public/v1/no/such/thing",
  });
  await expectErrorBody(await api.post(`/milestones/${encodeURIComponent("bad id!")}/approve`), 400, "BAD_REQUEST", {
    field: "milestoneId",
  });
});

test("an API token cannot confirm anything: the human pages and actions ignore bearer tokens", async ({ request }) => {
  const api = agent(request, fx.tokens.otherAccount);
  const { approval } = await (await api.post(`/milestones/${fx.milestones.otherAccount}/approve`)).json();
  const page = await request.get(`/approvals/${approval.id}`, {
    headers: { authorization: `Bearer ${fx.tokens.otherAccount}` },
    maxRedirects: 0,
  });
  expect(page.status()).toBe(307);
  expect(page.headers()["location"]).toContain("/sign-in");
  expect((await (await api.get(`/approvals/${approval.id}`)).json()).approval.status).toBe("pending");
});

test("the background sweep expires an approval on time with nobody reading it, and the feed has its event", async ({
  request,
}) => {
  const api = agent(request, fx.tokens.otherAccount);
  const { approval } = await (await api.post(`/milestones/${fx.milestones.otherAccount}/approve`)).json();
  expect(await approvalStatusInDatabase(approval.id)).toBe("pending");
  setServerClockOffset(72 * 60 * 60 * 1000 + 1000);
  try {
    // The e2e server sweeps every second; no request touches this approval until the database says expired.
    await expect
      .poll(() => approvalStatusInDatabase(approval.id), { timeout: 10_000, intervals: [250] })
      .toBe("expired");
  } finally {
    setServerClockOffset(0);
  }
  const updates = await (await api.get(`/updates?limit=100`)).json();
  expect(updates.events).toContainEqual(
    expect.objectContaining({
      type: "approval.confirmed",
      data: { approvalId: approval.id, status: "expired", type: "milestone_approve" },
    }),
  );
});
