import { afterEach, describe, expect, inject, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { api, get, ORIGIN, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens, milestones, contracts } = inject("fixtures");
const approve = (milestoneId: string, token?: string) => post(`/milestones/${milestoneId}/approve`, token);

afterEach(() => {
  resetClock();
  delete process.env.APP_URL;
  delete process.env.APPROVAL_WINDOW_SECONDS;
  resetEnvCache();
});

describe("POST /milestones/{id}/approve — the seed endpoint", () => {
  it("202: records a pending milestone_approve approval and moves no money", async () => {
    const client = await db();
    const escrowBefore = await client.ledgerAccount.findUnique({ where: { key: "ORG_ESCROW:org_acme" } });
    const before = Date.now();
    const res = await approve(milestones.activeFunded, tokens.full);

    expect(res.status).toBe(202);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const { approval, message } = res.body;
    expect(Object.keys(res.body).sort()).toEqual(["approval", "message"]);
    expect(message).toMatch(/human must .*confirm/i);
    expect(approval).toEqual({
      id: expect.stringMatching(/^apr_/),
      type: "milestone_approve",
      status: "pending",
      contractId: contracts.active,
      milestoneId: milestones.activeFunded,
      jobId: "job_acme_rlhf",
      proposalId: null,
      approvalUrl: `${ORIGIN}/approvals/${approval.id}`,
      expiresAt: expect.any(String),
      resolvedAt: null,
      result: null,
      createdAt: expect.any(String),
    });
    const created = Date.parse(approval.createdAt);
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(approval.expiresAt) - created).toBe(72 * 60 * 60 * 1000);

    const milestone = await client.milestone.findUniqueOrThrow({ where: { id: milestones.activeFunded } });
    expect(milestone.status).toBe("ACTIVE_FUNDED");
    const escrowAfter = await client.ledgerAccount.findUnique({ where: { key: "ORG_ESCROW:org_acme" } });
    expect(escrowAfter?.balanceCents).toBe(escrowBefore?.balanceCents);
  });

  it("re-requesting returns the same approval with 202 again", async () => {
    const first = await approve(milestones.activeFunded, tokens.full);
    const second = await approve(milestones.activeFunded, tokens.full);
    expect(second.status).toBe(202);
    expect(second.body.approval).toEqual(first.body.approval);
  });

  it("50 identical requests at once: one approval row, 50 answers with its id", async () => {
    const client = await db();
    const res = await client.milestone.findUniqueOrThrow({ where: { id: "ms_acme_pairs_3" } });
    expect(res.status).toBe("ACTIVE_FUNDED");
    const answers = await Promise.all(Array.from({ length: 50 }, () => approve("ms_acme_pairs_3", tokens.full)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = new Set(answers.map((a) => a.body.approval.id));
    expect(ids.size).toBe(1);
    const rows = await client.approval.findMany({
      where: { milestoneId: "ms_acme_pairs_3", type: "milestone_approve" },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe([...ids][0]);
  });

  it("the database itself refuses a second pending approval for the same type and target", async () => {
    const client = await db();
    const { body } = await approve(milestones.activeFunded, tokens.full);
    const original = await client.approval.findUniqueOrThrow({ where: { id: body.approval.id } });
    await expect(client.approval.create({ data: { ...original, id: "apr_duplicate_attempt" } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("approvalUrl is built on APP_URL when configured", async () => {
    process.env.APP_URL = "https://pay.example.com";
    resetEnvCache();
    const res = await approve(milestones.activeFunded, tokens.full);
    expect(res.body.approval.approvalUrl).toBe(`https://pay.example.com/approvals/${res.body.approval.id}`);
  });

  it("401 without a token, with a malformed one, an unknown one, a wrong secret", async () => {
    const forged = tokens.full.slice(0, -4) + "zzzz";
    const unknown = "ot_pat_AAAAAAAAAAAAAAAA_" + "B".repeat(32);
    for (const token of [undefined, "not-a-token", unknown, forged]) {
      const res = await approve(milestones.activeFunded, token);
      expectError(res, 401, "UNAUTHORIZED", {});
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    }
    const basic = await api("POST", `/milestones/${milestones.activeFunded}/approve`, {
      headers: { authorization: "Basic Zm9vOmJhcg==" },
    });
    expectError(basic, 401, "UNAUTHORIZED", {});
  });

  it("401 for a revoked and for an expired token", async () => {
    const client = await db();
    const mint = (label: string) =>
      client.$transaction((tx) => createApiToken(tx, { accountId: "org_acme", label, scopes: ["payments:write"] }));
    const revoked = await mint("to revoke");
    const expiring = await mint("to expire");
    expect((await approve(milestones.activeFunded, revoked.token)).status).toBe(202);
    await client.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    expectError(await approve(milestones.activeFunded, revoked.token), 401, "UNAUTHORIZED", {});
    await client.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect((await approve(milestones.activeFunded, expiring.token)).status).toBe(202);
    setClock(() => new Date(Date.now() + 61_000));
    expectError(await approve(milestones.activeFunded, expiring.token), 401, "UNAUTHORIZED", {});
  });

  it("403 without payments:write, naming required and granted scopes", async () => {
    const res = await approve(milestones.activeFunded, tokens.noPaymentsWrite);
    expectError(res, 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: [
        "jobs:read",
        "jobs:write",
        "proposals:read",
        "proposals:write",
        "messages:read",
        "messages:write",
        "payments:read",
        "team:read",
        "team:write",
        "webhooks:manage",
      ],
    });
  });

  it("403 with featureKey when public_api_payments_write is off", async () => {
    expectError(await approve(milestones.activeFunded, tokens.featureOff), 403, "FORBIDDEN", {
      featureKey: "public_api_payments_write",
    });
  });

  it("403 account_claim_required with action and claimUrl for an unclaimed account", async () => {
    expectError(await approve(milestones.activeFunded, tokens.unclaimed), 403, "FORBIDDEN", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: `${ORIGIN}/claim`,
    });
  });

  it("404 for a missing milestone and, identically, for another account's", async () => {
    expectError(await approve("ms_does_not_exist", tokens.full), 404, "NOT_FOUND", {
      resource: "milestones",
      milestoneId: "ms_does_not_exist",
    });
    const other = await approve(milestones.otherAccount, tokens.full);
    expectError(other, 404, "NOT_FOUND", { resource: "milestones", milestoneId: milestones.otherAccount });
    const missing = await approve("ms_does_not_exist", tokens.full);
    expect(other.body.error).toBe(missing.body.error);
  });

  it("400 with details.field for a malformed milestone id", async () => {
    const res = await approve(encodeURIComponent("ms bad'id;--"), tokens.full);
    expectError(res, 400, "BAD_REQUEST", { field: "milestoneId" });
    const long = await approve("m".repeat(65), tokens.full);
    expectError(long, 400, "BAD_REQUEST", { field: "milestoneId" });
    // A NUL byte: PostgreSQL refuses it in any text parameter, so it must never reach a query (the resource is read
    // with the token, before the gates; withAgent parses the params first and reads the token alone for these).
    expectError(await approve(encodeURIComponent("ms_\u0000x"), tokens.full), 400, "BAD_REQUEST", {
      field: "milestoneId",
    });
    expectError(await post(`/milestones/${encodeURIComponent("ms_\u0000x")}/fund`, tokens.full), 400, "BAD_REQUEST", {
      field: "milestoneId",
    });
  });

  it("409 contract_ended with contractId", async () => {
    expectError(await approve(milestones.onEndedContract, tokens.full), 409, "CONFLICT", {
      reason: "contract_ended",
      contractId: contracts.ended,
    });
  });

  it("409 milestone_cancelled", async () => {
    expectError(await approve(milestones.cancelled, tokens.full), 409, "CONFLICT", { reason: "milestone_cancelled" });
  });

  it("409 milestone_not_funded with status", async () => {
    expectError(await approve(milestones.notFunded, tokens.full), 409, "CONFLICT", {
      reason: "milestone_not_funded",
      status: "NOT_FUNDED",
    });
  });

  it("409 milestone_not_releasable with status for a completed milestone", async () => {
    expectError(await approve(milestones.completed, tokens.full), 409, "CONFLICT", {
      reason: "milestone_not_releasable",
      status: "COMPLETED",
    });
  });

  it("the gates run in order: an unclaimed token is stopped by the claim gate before the 404", async () => {
    const res = await approve("ms_does_not_exist", tokens.unclaimed);
    expect(res.status).toBe(403);
    expect(res.body.details.reason).toBe("account_claim_required");
  });

  it("a malformed id is answered 400 only after every gate: 401, then the scope, feature and claim 403s", async () => {
    const malformed = encodeURIComponent("ms_\u0000x");
    for (const path of [`/milestones/${malformed}/approve`, `/milestones/${malformed}/fund`]) {
      expectError(await post(path), 401, "UNAUTHORIZED", {});
      expectError(
        await post(
          path,
          tokens.full.replace(/.$/, (c) => (c === "x" ? "y" : "x")),
        ),
        401,
        "UNAUTHORIZED",
        {},
      );
      const scope = await post(path, tokens.noPaymentsWrite);
      expectError(scope, 403, "FORBIDDEN", {
        requiredScopes: ["payments:write"],
        grantedScopes: scope.body.details.grantedScopes,
      });
      expectError(await post(path, tokens.featureOff), 403, "FORBIDDEN", { featureKey: "public_api_payments_write" });
      expectError(await post(path, tokens.unclaimed), 403, "FORBIDDEN", {
        reason: "account_claim_required",
        action: "claim_account",
        claimUrl: `${ORIGIN}/claim`,
      });
      expectError(await post(path, tokens.full), 400, "BAD_REQUEST", { field: "milestoneId" });
    }
    expectError(await get(`/approvals/${malformed}`), 401, "UNAUTHORIZED", {});
  });

  it("a pending approval read after its window is expired, emits approval.confirmed, and a new request makes a new one", async () => {
    const first = await approve(milestones.activeFunded, tokens.full);
    const id = first.body.approval.id;
    const expiresAt = Date.parse(first.body.approval.expiresAt);
    setClock(() => new Date(expiresAt + 1));

    const read = await get(`/approvals/${id}`, tokens.full);
    expect(read.status).toBe(200);
    expect(read.body.approval).toMatchObject({
      id,
      status: "expired",
      resolvedAt: first.body.approval.expiresAt,
      result: null,
    });

    const updates = await get("/updates?limit=100", tokens.full);
    const expiredEvents = updates.body.events.filter(
      (e: any) => e.type === "approval.confirmed" && e.resourceId === id,
    );
    expect(expiredEvents).toHaveLength(1);
    expect(expiredEvents[0].data).toEqual({ approvalId: id, status: "expired", type: "milestone_approve" });

    const again = await approve(milestones.activeFunded, tokens.full);
    expect(again.status).toBe(202);
    expect(again.body.approval.id).not.toBe(id);
    expect(again.body.approval.status).toBe("pending");
  });

  it("the approval window is configurable", async () => {
    process.env.APPROVAL_WINDOW_SECONDS = "90";
    resetEnvCache();
    const res = await approve("ms_acme_pairs_3", tokens.otherAccount).then(() =>
      approve(milestones.otherAccount, tokens.otherAccount),
    );
    expect(res.status).toBe(202);
    expect(Date.parse(res.body.approval.expiresAt) - Date.parse(res.body.approval.createdAt)).toBe(90_000);
  });
});
