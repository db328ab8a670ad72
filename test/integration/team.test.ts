import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { get, post } from "../support/api";
import { expectError } from "../support/expect-error";

const { tokens } = inject("fixtures");

describe("GET /team", () => {
  it("the owner, the members (owners first) and the open invitations; another account's team is never shown", async () => {
    const res = await get("/team", tokens.full);
    expect(res.status).toBe(200);
    expect(res.body.team.organization).toEqual({
      id: "org_acme",
      name: "Acme Robotics",
      ownerUserId: "hum_acme_owner",
      ownerName: "Ada Lovelace",
    });
    expect(res.body.team.members).toEqual([
      {
        userId: "hum_acme_owner",
        role: "OWNER",
        name: "Ada Lovelace",
        email: "owner@acme.test",
        joinedAt: expect.any(String),
      },
      {
        userId: "hum_acme_member",
        role: "MEMBER",
        name: "Charles Babbage",
        email: "member@acme.test",
        joinedAt: expect.any(String),
      },
    ]);
    expect(res.body.team.invites).toEqual([]);
    const globex = await get("/team", tokens.otherAccount);
    expect(globex.body.team.members.map((m: { userId: string }) => m.userId)).toEqual(["hum_globex_owner"]);
  });

  it("403 without team:read", async () => {
    const minted = await post("/tokens", tokens.full, { scopes: ["jobs:read"] });
    expectError(await get("/team", minted.body.accessToken), 403, "FORBIDDEN", {
      requiredScopes: ["team:read"],
      grantedScopes: ["jobs:read"],
    });
  });
});

describe("POST /team/invites", () => {
  it("a new email gets one invitation (renewed when invited again, also when two race), listed by GET /team", async () => {
    const [a, b] = await Promise.all([
      post("/team/invites", tokens.full, { email: "  New.Person@Example.com " }),
      post("/team/invites", tokens.full, { email: "new.person@example.com" }),
    ]);
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, status: "invite_created", email: "new.person@example.com" });
    }
    const team = (await get("/team", tokens.full)).body.team;
    expect(team.invites).toEqual([
      {
        id: expect.stringMatching(/^tinv_/),
        email: "new.person@example.com",
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    expect(Date.parse(team.invites[0].expiresAt) - Date.parse(team.invites[0].createdAt)).toBe(7 * 24 * 3600 * 1000);
    const client = await db();
    expect(await client.teamInvite.count({ where: { email: "new.person@example.com" } })).toBe(1);
  });

  it("an existing human becomes a MEMBER at once (member_added), once, even when two invitations race", async () => {
    const [a, b] = await Promise.all([
      post("/team/invites", tokens.full, { email: "owner@featureoff.test" }),
      post("/team/invites", tokens.noPaymentsWrite, { email: "OWNER@featureoff.test" }),
    ]);
    expect([a.body.status, b.body.status].sort()).toEqual(["already_member", "member_added"]);
    const after = (await get("/team", tokens.full)).body.team;
    expect(after.members.find((m: { userId: string }) => m.userId === "hum_featureoff_owner")).toMatchObject({
      role: "MEMBER",
      name: "Alan Turing",
    });
    const owner = await post("/team/invites", tokens.full, { email: "owner@acme.test" });
    expect(owner.body).toMatchObject({ ok: true, status: "already_member", email: "owner@acme.test" });
    // Inviting an owner never demotes them.
    expect((await get("/team", tokens.full)).body.team.members[0]).toMatchObject({
      userId: "hum_acme_owner",
      role: "OWNER",
    });
  });

  it("400 for a malformed email; 403 without team:write; 403 account_claim_required before a claim", async () => {
    expectError(await post("/team/invites", tokens.full, { email: "not-an-email" }), 400, "BAD_REQUEST", {
      field: "email",
    });
    expectError(await post("/team/invites", tokens.full, {}), 400, "BAD_REQUEST", { field: "email" });
    const reader = (await post("/tokens", tokens.full, { scopes: ["team:read"] })).body.accessToken;
    expectError(await post("/team/invites", reader, { email: "x@example.com" }), 403, "FORBIDDEN", {
      requiredScopes: ["team:write"],
      grantedScopes: ["team:read"],
    });
    const client = await db();
    const unclaimed = await client.apiToken.findFirstOrThrow({ where: { accountId: "org_unclaimed" } });
    await client.apiToken.update({ where: { id: unclaimed.id }, data: { scopes: "team:read team:write" } });
    expectError(await post("/team/invites", tokens.unclaimed, { email: "x@example.com" }), 403, "FORBIDDEN", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: "http://localhost:3000/claim",
    });
    const team = (await get("/team", tokens.unclaimed)).body.team;
    expect(team.organization).toMatchObject({ id: "org_unclaimed", ownerUserId: null, ownerName: null });
    await client.apiToken.update({ where: { id: unclaimed.id }, data: { scopes: unclaimed.scopes } });
  });
});
