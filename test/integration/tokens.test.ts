import { afterEach, describe, expect, inject, it } from "vitest";
import { SCOPES } from "@/lib/auth/scopes";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { api, get, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens } = inject("fixtures");
const del = (path: string, token: string) => api("DELETE", path, { token });
const TOKEN_KEYS = [
  "createdAt",
  "expiresAt",
  "id",
  "lastUsedAt",
  "name",
  "organizationId",
  "preview",
  "revokedAt",
  "scopes",
  "status",
];

afterEach(() => resetClock());

/** Revokes every token of Acme's but the two fixtures the other tests use, so each test starts from 2 active. */
afterEach(async () => {
  const client = await db();
  const keep = ["Demo agent (all scopes)", "Demo agent without payments:write"];
  await client.apiToken.updateMany({
    where: { accountId: "org_acme", label: { notIn: keep }, revokedAt: null },
    data: { revokedAt: new Date() },
  });
});

describe("GET /tokens", () => {
  it("lists the account's tokens without secrets, works pre-claim, and never shows another account's", async () => {
    const res = await get("/tokens", tokens.full);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["tokens"]);
    for (const token of res.body.tokens) {
      expect(Object.keys(token).sort()).toEqual(TOKEN_KEYS);
      expect(token.preview).toMatch(/^ot_pat_[A-Za-z0-9]{4}\*{8}[A-Za-z0-9]{4}$/);
      expect(token.organizationId).toBe("org_acme");
    }
    const self = res.body.tokens.find((t: { name: string }) => t.name === "Demo agent (all scopes)");
    expect(self).toMatchObject({ status: "active", scopes: [...SCOPES], revokedAt: null, expiresAt: null });
    // The preview is the public id's ends: the caller's own token shows as its first and last four.
    const publicId = tokens.full.split("_")[2];
    expect(self.preview).toBe(`ot_pat_${publicId.slice(0, 4)}********${publicId.slice(-4)}`);
    expect(JSON.stringify(res.body)).not.toContain(tokens.full.split("_")[3]);

    const unclaimed = await get("/tokens", tokens.unclaimed);
    expect(unclaimed.status).toBe(200);
    expect(unclaimed.body.tokens.map((t: { organizationId: string }) => t.organizationId)).toEqual(["org_unclaimed"]);
  });
});

describe("POST /tokens", () => {
  it("201: an empty body clones the caller's scopes; the whole token is shown once and works", async () => {
    const res = await post("/tokens", tokens.noPaymentsWrite);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["accessToken", "token"]);
    expect(res.body.accessToken).toMatch(/^ot_pat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$/);
    expect(res.body.token).toMatchObject({
      name: "API token",
      status: "active",
      scopes: SCOPES.filter((s) => s !== "payments:write"),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    const me = await get("/auth/me", res.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.token).toEqual({ id: res.body.token.id, label: "API token", scopes: res.body.token.scopes });
    const listed = await get("/tokens", tokens.full);
    const row = listed.body.tokens.find((t: { id: string }) => t.id === res.body.token.id);
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(res.body.accessToken.split("_")[3]);
  });

  it("a token cannot mint a scope it lacks (403); a :write it holds covers its :read", async () => {
    const narrow = await post("/tokens", tokens.full, { name: "reader", scopes: ["jobs:write"] });
    expect(narrow.status).toBe(201);
    const reader = narrow.body.accessToken;
    const readOk = await post("/tokens", reader, { scopes: ["jobs:read"] });
    expect(readOk.status).toBe(201);
    expect(readOk.body.token.scopes).toEqual(["jobs:read"]);
    expectError(await post("/tokens", reader, { scopes: ["jobs:read", "payments:write"] }), 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: ["jobs:write"],
    });
    expectError(await post("/tokens", tokens.noPaymentsWrite, { scopes: ["payments:write"] }), 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: SCOPES.filter((s) => s !== "payments:write"),
    });
  });

  it("400 for unknown scopes (with the supported list), a long name or a past expiresAt", async () => {
    expectError(await post("/tokens", tokens.full, { scopes: ["jobs:read", "admin", "root"] }), 400, "BAD_REQUEST", {
      field: "scopes",
      unknownScopes: ["admin", "root"],
      supportedScopes: [...SCOPES],
    });
    expectError(await post("/tokens", tokens.full, { name: "x".repeat(121) }), 400, "BAD_REQUEST", { field: "name" });
    // Text neither engine can store (a lone surrogate; NUL, which PostgreSQL refuses): the caller's 400, not a 500.
    for (const name of ["\ud800", "a\u0000b"])
      expectError(await post("/tokens", tokens.full, { name }), 400, "BAD_REQUEST", { field: "name" });
    expectError(await post("/tokens", tokens.full, { expiresAt: "2001-01-01T00:00:00Z" }), 400, "BAD_REQUEST", {
      field: "expiresAt",
    });
    expectError(await post("/tokens", tokens.full, { expiresAt: "tomorrow" }), 400, "BAD_REQUEST", {
      field: "expiresAt",
    });
  });

  it("403 account_claim_required before a claim: an unclaimed account keeps its one registration token", async () => {
    expectError(await post("/tokens", tokens.unclaimed), 403, "FORBIDDEN", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: "http://localhost:3000/claim",
    });
  });

  it("at most 25 active: of 30 concurrent mints exactly 23 succeed (2 exist); revoking or expiry frees a slot", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => post("/tokens", tokens.full, { name: `bulk ${i}`, scopes: ["jobs:read"] })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(23);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expectError(refused, 409, "CONFLICT", { reason: "token_limit_reached", limit: 25 });
    }
    expectError(await post("/tokens", tokens.full), 409, "CONFLICT", { reason: "token_limit_reached", limit: 25 });

    expect((await del(`/tokens/${created[0].body.token.id}`, tokens.full)).status).toBe(200);
    const again = await post("/tokens", tokens.full, {
      scopes: ["jobs:read"],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(again.status).toBe(201);
    expect((await post("/tokens", tokens.full)).status).toBe(409);
    // The short-lived one expires: it no longer counts, and reads "expired".
    setClock(() => new Date(Date.now() + 61_000));
    expect((await post("/tokens", tokens.full, { scopes: ["jobs:read"] })).status).toBe(201);
    const listed = await get("/tokens", tokens.full);
    expect(listed.body.tokens.find((t: { id: string }) => t.id === again.body.token.id).status).toBe("expired");
    expectError(await get("/auth/me", again.body.accessToken), 401, "UNAUTHORIZED", {});
  });
});

describe("DELETE /tokens/{id}", () => {
  it("revokes at once and for good: the very next call with it is 401; revoking again answers the same", async () => {
    const minted = await post("/tokens", tokens.full, { name: "doomed" });
    const token = minted.body.accessToken;
    expect((await get("/auth/me", token)).status).toBe(200);
    const res = await del(`/tokens/${minted.body.token.id}`, tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.token).toMatchObject({ id: minted.body.token.id, status: "revoked" });
    expect(res.body.token.revokedAt).toEqual(expect.any(String));
    expectError(await get("/auth/me", token), 401, "UNAUTHORIZED", {});
    expectError(await get("/tokens", token), 401, "UNAUTHORIZED", {});
    const twice = await del(`/tokens/${minted.body.token.id}`, tokens.full);
    expect(twice.status).toBe(200);
    expect(twice.body.token.revokedAt).toBe(res.body.token.revokedAt);
  });

  it("two concurrent revocations: both answer revoked with one and the same revokedAt", async () => {
    const minted = await post("/tokens", tokens.full, { name: "raced", scopes: ["jobs:read"] });
    const [a, b] = await Promise.all([
      del(`/tokens/${minted.body.token.id}`, tokens.full),
      del(`/tokens/${minted.body.token.id}`, tokens.noPaymentsWrite),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.token.revokedAt).toBe(b.body.token.revokedAt);
  });

  it("a token may revoke itself, but not one holding scopes it lacks (403); 404 for another account's", async () => {
    const minted = await post("/tokens", tokens.full, { scopes: ["jobs:read"] });
    const reader = minted.body.accessToken;
    const fullId = (await get("/auth/me", tokens.full)).body.token.id;
    expectError(await del(`/tokens/${fullId}`, reader), 403, "FORBIDDEN", {
      requiredScopes: [...SCOPES],
      grantedScopes: ["jobs:read"],
    });
    expectError(await del(`/tokens/${fullId}`, tokens.otherAccount), 404, "NOT_FOUND", {
      resource: "tokens",
      tokenId: fullId,
    });
    expectError(await del(`/tokens/tok_missing`, tokens.full), 404, "NOT_FOUND", {
      resource: "tokens",
      tokenId: "tok_missing",
    });
    expect((await del(`/tokens/${minted.body.token.id}`, reader)).status).toBe(200);
    expectError(await get("/tokens", reader), 401, "UNAUTHORIZED", {});
    expect((await get("/auth/me", tokens.full)).status).toBe(200);
  });
});
