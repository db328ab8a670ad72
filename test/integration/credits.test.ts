import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { confirmApproval } from "@/lib/approvals/resolve-approval";
import { resetClock, setClock } from "@/lib/clock";
import { cancelTopUp, completeTopUp } from "@/lib/credits/complete-top-up";
import { createTopUp } from "@/lib/credits/create-top-up";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { api, get, ORIGIN, post } from "../support/api";
import { expectError } from "../support/expect-error";
import { expectInvariants } from "../support/invariants";

// Credits and top-ups (contract §6): the agent reads the balance and starts a sandbox checkout; only a human owner's
// completion of that checkout moves money in, exactly once.
const { tokens, milestones, contracts } = inject("fixtures");
const OWNER = "hum_acme_owner";
const MEMBER = "hum_acme_member";
const OUTSIDER = "hum_globex_owner";
const DAY = 24 * 60 * 60 * 1000;

const topUp = (body: unknown, token = tokens.full) => post("/credits/top-ups", token, body);

async function available(accountId = "org_acme") {
  const client = await db();
  return (await client.ledgerAccount.findUnique({ where: { key: `ORG_AVAILABLE:${accountId}` } }))?.balanceCents ?? 0;
}

function freezeClockAt(iso: string) {
  const fixed = new Date(iso);
  setClock(() => new Date(fixed));
  return fixed;
}

beforeAll(async () => {
  // The unclaimed account gets the credits feature in this file's own database, so its token passes the feature
  // gate and is stopped by the claim gate (and reads work unclaimed, as the contract says).
  const client = await db();
  await client.accountFeature.create({ data: { accountId: "org_unclaimed", key: "public_api_credits" } });
});

afterEach(() => {
  resetClock();
  delete process.env.APP_URL;
  resetEnvCache();
});

describe("POST /credits/top-ups", () => {
  it("201: a PENDING top-up with an absolute checkoutUrl, expiring in 24 h; nothing is charged", async () => {
    const at = freezeClockAt("2030-03-01T12:00:00.000Z");
    const before = await available();
    const res = await topUp({ amountUsd: 250.5 });
    const id = res.body.topUpId;
    expect(id).toMatch(/^tu_[A-Za-z0-9]{20}$/);
    const expiresAt = new Date(at.getTime() + DAY).toISOString();
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: {
        topUpId: id,
        checkoutUrl: `${ORIGIN}/billing/checkout/${id}`,
        expiresAt,
        topUp: {
          id,
          status: "PENDING",
          amountCents: 25_050,
          createdAt: at.toISOString(),
          completedAt: null,
          expiresAt,
        },
        message: expect.stringMatching(/nothing has been charged.*owner of the account must open checkoutUrl/),
      },
    });
    expect(await available()).toBe(before);
    const polled = await get(`/credits/top-ups/${id}`, tokens.full);
    const { message: _message, ...envelope } = res.body;
    expect({ status: polled.status, body: polled.body }).toEqual({ status: 200, body: envelope });
  });

  it("checkoutUrl is built on APP_URL when configured", async () => {
    process.env.APP_URL = "https://pay.example.com/";
    resetEnvCache();
    const res = await topUp({ amountUsd: 10 });
    expect(res.body.checkoutUrl).toBe(`https://pay.example.com/billing/checkout/${res.body.topUpId}`);
    expect((await get(`/credits/top-ups/${res.body.topUpId}`, tokens.full)).body.checkoutUrl).toBe(
      res.body.checkoutUrl,
    );
  });

  it("gates in the contract's order: 401, payments:write, public_api_credits, claimed", async () => {
    const body = { amountUsd: 50 };
    const client = await db();
    const countBefore = await client.topUp.count();
    expectError(await post("/credits/top-ups", undefined, body), 401, "UNAUTHORIZED", {});
    const scope = await topUp(body, tokens.noPaymentsWrite);
    expectError(scope, 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: scope.body.details.grantedScopes,
    });
    expect(scope.body.details.grantedScopes).not.toContain("payments:write");
    expectError(await topUp(body, tokens.featureOff), 403, "FORBIDDEN", { featureKey: "public_api_credits" });
    expectError(await topUp(body, tokens.unclaimed), 403, "FORBIDDEN", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: `${ORIGIN}/claim`,
    });
    expect(await client.topUp.count()).toBe(countBefore);
  });

  it("400 with details.field on every bad amount; the limits themselves are accepted", async () => {
    for (const amountUsd of [9.99, 10_000.01, 10.001, 0, -10, "100", null, true, 1e308]) {
      expectError(await topUp({ amountUsd }), 400, "BAD_REQUEST", { field: "amountUsd" });
    }
    expectError(await topUp({}), 400, "BAD_REQUEST", { field: "amountUsd" });
    expectError(
      await api("POST", "/credits/top-ups", {
        token: tokens.full,
        rawBody: "{not json",
        headers: { "content-type": "application/json" },
      }),
      400,
      "BAD_REQUEST",
      {
        field: "body",
      },
    );
    expectError(await topUp([100]), 400, "BAD_REQUEST", { field: "body" });
    expect((await topUp({ amountUsd: 10 })).body.topUp.amountCents).toBe(1_000);
    expect((await topUp({ amountUsd: 10_000 })).body.topUp.amountCents).toBe(1_000_000);
  });
});

describe("GET /credits/top-ups/{id}", () => {
  it("404 for another account's top-up and for a missing one, 400 for a malformed id; payments:read and the feature gate it", async () => {
    const globex = await createTopUp({ accountId: "org_globex", amountCents: 5_000, by: { humanId: OUTSIDER } });
    expectError(await get(`/credits/top-ups/${globex.id}`, tokens.full), 404, "NOT_FOUND", {
      resource: "top-ups",
      topUpId: globex.id,
    });
    expectError(await get(`/credits/top-ups/tu_missing`, tokens.full), 404, "NOT_FOUND", {
      resource: "top-ups",
      topUpId: "tu_missing",
    });
    expectError(await get(`/credits/top-ups/${encodeURIComponent("bad id!")}`, tokens.full), 400, "BAD_REQUEST", {
      field: "topUpId",
    });
    expectError(await get(`/credits/top-ups/${globex.id}`, tokens.featureOff), 403, "FORBIDDEN", {
      featureKey: "public_api_credits",
    });
    expectError(await get(`/credits/top-ups/${globex.id}`), 401, "UNAUTHORIZED", {});
  });

  it("a PENDING one past expiresAt reads EXPIRED (by the injectable clock) and can no longer be completed", async () => {
    const at = freezeClockAt("2030-04-01T00:00:00.000Z");
    const { topUpId } = (await topUp({ amountUsd: 40 })).body;
    freezeClockAt(new Date(at.getTime() + DAY - 1).toISOString());
    expect((await get(`/credits/top-ups/${topUpId}`, tokens.full)).body.topUp.status).toBe("PENDING");
    freezeClockAt(new Date(at.getTime() + DAY).toISOString());
    expect((await get(`/credits/top-ups/${topUpId}`, tokens.full)).body.topUp.status).toBe("EXPIRED");
    const before = await available();
    const late = await completeTopUp({ topUpId, humanId: OWNER });
    expect({ outcome: late.outcome, isMine: late.isMine }).toEqual({ outcome: "EXPIRED", isMine: false });
    expect(await available()).toBe(before);
    expect((await get(`/credits/top-ups/${topUpId}`, tokens.full)).body.topUp).toMatchObject({
      status: "EXPIRED",
      completedAt: null,
    });
  });
});

describe("completing the sandbox checkout", () => {
  it("credits available once (EXTERNAL → ORG_AVAILABLE); the agent reads COMPLETED", async () => {
    const { topUpId } = (await topUp({ amountUsd: 75 })).body;
    const before = await available();
    const at = freezeClockAt(new Date(Date.now() + 60_000).toISOString());
    const done = await completeTopUp({ topUpId, humanId: OWNER });
    expect({ outcome: done.outcome, isMine: done.isMine }).toEqual({ outcome: "COMPLETED", isMine: true });
    expect(await available()).toBe(before + 7_500);
    const polled = await get(`/credits/top-ups/${topUpId}`, tokens.full);
    expect(polled.body.topUp).toMatchObject({ status: "COMPLETED", completedAt: at.toISOString(), amountCents: 7_500 });
    const again = await completeTopUp({ topUpId, humanId: OWNER });
    expect({ outcome: again.outcome, isMine: again.isMine }).toEqual({ outcome: "COMPLETED", isMine: false });
    expect(await available()).toBe(before + 7_500);
  });

  it("a top-up submitted many times at once credits once (real parallel submissions)", async () => {
    const { topUpId } = (await topUp({ amountUsd: 123.45 })).body;
    const before = await available();
    const results = await Promise.all(Array.from({ length: 8 }, () => completeTopUp({ topUpId, humanId: OWNER })));
    expect(results.filter((r) => r.isMine)).toHaveLength(1);
    expect(results.map((r) => r.outcome)).toEqual(Array(8).fill("COMPLETED"));
    expect(await available()).toBe(before + 12_345);
    const client = await db();
    expect(await client.ledgerTransaction.count({ where: { topUpId } })).toBe(1);
    await expectInvariants();
  });

  it("complete racing cancel: exactly one wins, and money moved only if it was the completion", async () => {
    for (let round = 0; round < 4; round++) {
      const { topUpId } = (await topUp({ amountUsd: 20 })).body;
      const before = await available();
      const [completed, cancelled] = await Promise.all([
        completeTopUp({ topUpId, humanId: OWNER }),
        cancelTopUp({ topUpId, humanId: OWNER }),
      ]);
      expect(completed.isMine !== cancelled.isMine).toBe(true);
      expect(completed.outcome).toBe(cancelled.outcome);
      expect(await available()).toBe(before + (completed.isMine ? 2_000 : 0));
    }
  });

  it("a canceled checkout moves nothing when submitted afterwards and reads CANCELED", async () => {
    const { topUpId } = (await topUp({ amountUsd: 30 })).body;
    const cancelled = await cancelTopUp({ topUpId, humanId: OWNER });
    expect({ outcome: cancelled.outcome, isMine: cancelled.isMine }).toEqual({ outcome: "CANCELED", isMine: true });
    const before = await available();
    expect((await completeTopUp({ topUpId, humanId: OWNER })).outcome).toBe("CANCELED");
    expect(await available()).toBe(before);
    expect((await get(`/credits/top-ups/${topUpId}`, tokens.full)).body.topUp.status).toBe("CANCELED");
  });

  it("only an OWNER of the account completes or cancels; a MEMBER is refused, an outsider sees nothing", async () => {
    const { topUpId } = (await topUp({ amountUsd: 60 })).body;
    const before = await available();
    const ownerOnly = {
      code: "FORBIDDEN",
      message: "Only an owner of Acme Robotics can complete or cancel its checkouts.",
      details: { reason: "owner_required" },
    };
    await expect(completeTopUp({ topUpId, humanId: MEMBER })).rejects.toMatchObject(ownerOnly);
    await expect(cancelTopUp({ topUpId, humanId: MEMBER })).rejects.toMatchObject(ownerOnly);
    const missing = { code: "NOT_FOUND", details: { resource: "top-ups", topUpId } };
    await expect(completeTopUp({ topUpId, humanId: OUTSIDER })).rejects.toMatchObject(missing);
    await expect(cancelTopUp({ topUpId, humanId: OUTSIDER })).rejects.toMatchObject(missing);
    expect(await available()).toBe(before);
    expect((await get(`/credits/top-ups/${topUpId}`, tokens.full)).body.topUp.status).toBe("PENDING");
  });

  it("a human starts one from /billing only on an account they own", async () => {
    await expect(
      createTopUp({ accountId: "org_acme", amountCents: 5_000, by: { humanId: MEMBER } }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { reason: "owner_required" },
    });
    await expect(
      createTopUp({ accountId: "org_acme", amountCents: 5_000, by: { humanId: OUTSIDER } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "accounts", accountId: "org_acme" },
    });
    const mine = await createTopUp({ accountId: "org_acme", amountCents: 5_000, by: { humanId: OWNER } });
    expect(mine).toMatchObject({ status: "PENDING", requestedByHumanId: OWNER, requestedByTokenId: null });
  });
});

describe("GET /credits and GET /credits/ledger", () => {
  it("GET /credits: available and reserved from the ledger, currency usd, the latest entries", async () => {
    const client = await db();
    const res = await get("/credits", tokens.full);
    const escrow = (await client.ledgerAccount.findUniqueOrThrow({ where: { key: "ORG_ESCROW:org_acme" } }))
      .balanceCents;
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        credits: {
          availableCents: await available(),
          reservedCents: escrow,
          currency: "usd",
          recentEntries: expect.any(Array),
        },
      },
    });
    const ledger = await get("/credits/ledger?limit=10", tokens.full);
    expect(res.body.credits.recentEntries).toEqual(ledger.body.entries);
  });

  it("zeros and no entries for an account with no money, never 404; works unclaimed; gated by payments:read and the feature", async () => {
    const res = await get("/credits", tokens.unclaimed);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { credits: { availableCents: 0, reservedCents: 0, currency: "usd", recentEntries: [] } },
    });
    expect((await get("/credits/ledger", tokens.unclaimed)).body).toEqual({ entries: [], nextCursor: null });
    expectError(await get("/credits"), 401, "UNAUTHORIZED", {});
    expectError(await get("/credits", tokens.featureOff), 403, "FORBIDDEN", { featureKey: "public_api_credits" });
    expectError(await get("/credits/ledger", tokens.featureOff), 403, "FORBIDDEN", {
      featureKey: "public_api_credits",
    });
  });

  it("entries newest first with our kinds mapped to the contract's types; a completed top-up is a TOP_UP with its id", async () => {
    const { topUpId } = (await topUp({ amountUsd: 42 })).body;
    const at = freezeClockAt(new Date(Date.now() + 5 * 60_000).toISOString());
    await completeTopUp({ topUpId, humanId: OWNER });
    const client = await db();
    const credit = await client.ledgerTransaction.findUniqueOrThrow({ where: { topUpId } });
    const res = await get("/credits/ledger", tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.entries[0]).toEqual({
      id: credit.id,
      type: "TOP_UP",
      amountCents: 4_200,
      createdAt: at.toISOString(),
      contractId: null,
      milestoneId: null,
      topUpId,
      note: "Sandbox checkout top-up",
    });
    // The seed's history, through the mapping: funding holds, releases capture (out of escrow), refunds release holds.
    const byMilestone = (id: string) =>
      res.body.entries.filter((e: { milestoneId: string | null }) => e.milestoneId === id);
    expect(
      byMilestone(milestones.completed)
        .map((e: { type: string; amountCents: number }) => [e.type, e.amountCents])
        .sort(),
    ).toEqual([
      ["CAPTURE", -15_000],
      ["HOLD", -15_000],
    ]);
    expect(
      byMilestone("ms_acme_tooling")
        .map((e: { type: string; amountCents: number }) => [e.type, e.amountCents])
        .sort(),
    ).toEqual([
      ["HOLD", -10_000],
      ["HOLD_RELEASE", 10_000],
    ]);
    expect(byMilestone(milestones.completed)[0].contractId).toBe(contracts.active);
    // What moved through available sums to the available balance: nothing is missing or counted twice.
    const throughAvailable = res.body.entries.filter((e: { type: string }) => e.type !== "CAPTURE");
    expect(throughAvailable.reduce((sum: number, e: { amountCents: number }) => sum + e.amountCents, 0)).toBe(
      await available(),
    );
    const times = res.body.entries.map((e: { createdAt: string }) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("pages with cursor: every entry once, in the same order; bad cursor or limit is a 400 with details.field", async () => {
    const all = (await get("/credits/ledger?limit=100", tokens.full)).body.entries;
    expect(all.length).toBeGreaterThan(3);
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { entries: unknown[]; nextCursor: string | null } } = await get(
        `/credits/ledger?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        tokens.full,
      );
      expect(page.status).toBe(200);
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);

    const globexTx = await (
      await db()
    ).ledgerTransaction.findFirstOrThrow({
      where: { entries: { some: { ledgerAccount: { accountId: "org_globex" } } } },
    });
    for (const bad of ["ltx_missing", globexTx.id, "bad%20id"]) {
      expectError(await get(`/credits/ledger?cursor=${bad}`, tokens.full), 400, "BAD_REQUEST", { field: "cursor" });
    }
    for (const limit of ["0", "101", "abc", "1.5"]) {
      expectError(await get(`/credits/ledger?limit=${limit}`, tokens.full), 400, "BAD_REQUEST", { field: "limit" });
    }
  });
});

describe("a funding that failed on payment_method_required succeeds after a top-up", () => {
  it("fund → 409 billingUrl → top-up through the checkout → the same fund request → 202 → owner confirms → funded", async () => {
    const shortfallCents = 5_000;
    const amountUsd = ((await available()) + shortfallCents) / 100;
    const created = await post(`/contracts/${contracts.active}/milestones`, tokens.full, {
      description: "Needs more money than there is",
      amountUsd,
    });
    expect(created.status).toBe(201);
    const milestoneId = created.body.milestone.id;

    expectError(await post(`/milestones/${milestoneId}/fund`, tokens.full), 409, "CONFLICT", {
      reason: "payment_method_required",
      billingUrl: `${ORIGIN}/billing`,
    });

    const started = await topUp({ amountUsd: shortfallCents / 100 });
    expect(started.status).toBe(201);
    expect((await completeTopUp({ topUpId: started.body.topUpId, humanId: OWNER })).outcome).toBe("COMPLETED");

    const fund = await post(`/milestones/${milestoneId}/fund`, tokens.full);
    expect(fund.status).toBe(202);
    const confirmed = await confirmApproval({ approvalId: fund.body.approval.id, humanId: OWNER });
    expect(confirmed.outcome).toBe("confirmed");
    const client = await db();
    expect((await client.milestone.findUniqueOrThrow({ where: { id: milestoneId } })).status).toBe("ACTIVE_FUNDED");
    expect(await available()).toBe(0);
  });
});
