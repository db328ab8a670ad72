import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { completeClaim } from "@/lib/agent-auth/complete-claim";
import { SCOPES } from "@/lib/auth/scopes";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { createHuman } from "@/lib/humans/create-human";
import { createToken } from "@/lib/tokens/create-token";
import { ORIGIN, get, post } from "../support/api";
import { withEnv } from "../support/env";
import { agentPost, pollToken, wellKnownGet } from "../support/agent-api";
import { expectError } from "../support/expect-error";
import { mimePart } from "../support/smtp-inbox";
import { smtpInboxForFile } from "../support/smtp-inbox-hooks";

// The agent's path from zero (contract §3 "Agent identity and the claim ceremony"): registration, claim start with
// its email at a real SMTP server, the human's code, and the claim grant's polling.
const { milestones, proposals } = inject("fixtures");
const PRE_CLAIM = ["jobs:read", "jobs:write", "proposals:read", "messages:read", "payments:read", "team:read"];
const POST_CLAIM = [...PRE_CLAIM, "proposals:write", "messages:write", "team:write"];
const GRANT = "urn:opentrain:agent-auth:grant-type:claim";

const mailer = smtpInboxForFile();
let t = Date.parse("2033-01-10T09:00:00Z");
const advance = (ms: number) => {
  t += ms;
};

beforeEach(async () => {
  t += 2 * 24 * 60 * 60 * 1000;
  setClock(() => new Date(t));
  await (await db()).rateLimit.deleteMany({});
});
afterEach(() => resetClock());

const oauthError = (error: string) => ({ error, error_description: expect.any(String) });

async function register(body: unknown = { agent_name: "Scout", organization_name: "Scout Labs" }) {
  const res = await agentPost("/identity", { json: body });
  expect(res.status).toBe(201);
  return res.body;
}

let emails = 0;
async function startClaimFor(claimToken: string) {
  const email = `owner${++emails}-${t}@example.com`;
  const res = await agentPost("/identity/claim", { json: { claim_token: claimToken, email } });
  expect(res.status).toBe(200);
  const attemptToken = new URL(res.body.verification_uri).searchParams.get("attempt")!;
  return { email, userCode: res.body.user_code as string, attemptToken, body: res.body };
}

async function humanFor(email: string) {
  const human = await createHuman({ name: "Owner", email, password: "correct horse battery" });
  return { id: human.id, email: human.email };
}

/** Registers, starts a claim and has its human type the right code. */
async function claimedRegistration() {
  const registration = await register();
  const claim = await startClaimFor(registration.claim_token);
  const human = await humanFor(claim.email);
  expect(await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human })).toEqual({
    outcome: "claimed",
    accountId: registration.organization_id,
  });
  return { registration, claim, human };
}

describe("POST /api/agent/identity", () => {
  it("201: an unclaimed account, the pre-claim token and a 24 h claim token; /auth/me shows it; funding is 403", async () => {
    const body = await register();
    expect(body).toEqual({
      identity_type: "anonymous",
      registration_id: expect.stringMatching(/^reg_[A-Za-z0-9]{20}$/),
      organization_id: expect.stringMatching(/^org_[A-Za-z0-9]{20}$/),
      access_token: expect.stringMatching(/^ot_pat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$/),
      token_type: "bearer",
      scopes: PRE_CLAIM,
      claim_token: expect.stringMatching(/^ot_clm_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$/),
      claim_token_expires_at: new Date(t + 24 * 60 * 60 * 1000).toISOString(),
      claim_endpoint: `${ORIGIN}/api/agent/identity/claim`,
      token_endpoint: `${ORIGIN}/api/agent/oauth/token`,
      grant_type: GRANT,
    });
    const me = await get("/auth/me", body.access_token);
    expect(me.status).toBe(200);
    expect(me.body.account).toEqual({
      organizationId: body.organization_id,
      claimed: false,
      features: ["public_api_credits", "public_api_hiring", "public_api_payments_write"],
    });
    expect(me.body.token.scopes).toEqual(PRE_CLAIM);
    expectError(await post(`/milestones/${milestones.notFunded}/fund`, body.access_token), 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: PRE_CLAIM,
    });
    // Only hashes are stored: neither secret appears anywhere in the rows.
    const client = await db();
    const row = await client.agentRegistration.findUniqueOrThrow({ where: { id: body.registration_id } });
    const tokenRow = await client.apiToken.findFirstOrThrow({ where: { accountId: body.organization_id } });
    const secrets = [body.claim_token.slice(-32), body.access_token.slice(-32)];
    for (const secret of secrets) expect(JSON.stringify([row, tokenRow])).not.toContain(secret);
  });

  it("an empty body is fine; another identity_type is 400 unsupported_identity_type; a body that is not a JSON object is invalid_request", async () => {
    expect((await agentPost("/identity")).status).toBe(201);
    for (const identity_type of ["verified", 42, null, ["anonymous"]]) {
      const other = await agentPost("/identity", { json: { identity_type } });
      expect({ status: other.status, body: other.body }).toEqual({
        status: 400,
        body: oauthError("unsupported_identity_type"),
      });
    }
    const res = await agentPost("/identity", { json: "[1" });
    expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: oauthError("invalid_request") });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("POST /api/agent/identity/claim", () => {
  it("200 with a 6-digit code and the link; the email reaches the SMTP server with both parts and no code", async () => {
    const registration = await register();
    const claim = await startClaimFor(registration.claim_token);
    expect(claim.body).toEqual({
      user_code: expect.stringMatching(/^\d{6}$/),
      verification_uri: expect.stringMatching(
        new RegExp(`^${ORIGIN}/claim\\?attempt=ot_cat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$`),
      ),
      expires_in: 1800,
      interval: 5,
      email_sent: true,
    });
    const mail = await mailer.inbox().nextTo(claim.email);
    expect(mail.raw).toMatch(/^Subject: Claim your agent's Co-sign account/m);
    const text = mimePart(mail.raw, "text/plain")!;
    const html = mimePart(mail.raw, "text/html")!;
    expect(text).toContain(claim.body.verification_uri);
    expect(html).toContain(`href="${claim.body.verification_uri}"`);
    // The code is the agent's to show: the inbox alone cannot claim.
    expect(mail.raw).not.toContain(claim.userCode);
  });

  it("the email's link is on the configured origin, whatever Host the agent sent; in production without APP_URL no email goes out", async () => {
    const registration = await register();
    const email = `forged-host-${t}@example.com`;
    const res = await agentPost("/identity/claim", {
      json: { claim_token: registration.claim_token, email },
      host: "evil.example",
    });
    expect(res.status).toBe(200);
    // The agent's own link follows the origin it called …
    expect(res.body.verification_uri).toMatch(/^http:\/\/evil\.example\/claim\?attempt=/);
    // … the human's email does not.
    const attempt = new URL(res.body.verification_uri).searchParams.get("attempt")!;
    const mail = await mailer.inbox().nextTo(email);
    expect(mimePart(mail.raw, "text/plain")).toContain(`${ORIGIN}/claim?attempt=${encodeURIComponent(attempt)}`);
    expect(mail.raw).not.toContain("evil.example");

    await withEnv({ NODE_ENV: "production", APP_URL: "" }, async () => {
      const before = mailer.inbox().messages.length;
      const again = await agentPost("/identity/claim", {
        json: { claim_token: registration.claim_token, email },
        host: "evil.example",
      });
      expect(again.status).toBe(200);
      expect(again.body.email_sent).toBe(false);
      expect(mailer.inbox().messages.length).toBe(before);
    });
  });

  it("400 invalid_request for an unknown claim token, a bad email, a claimed account and a closed window", async () => {
    const registration = await register();
    for (const json of [
      { claim_token: "ot_clm_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", email: "a@example.com" },
      {
        claim_token: registration.claim_token.replace(/.$/, (c: string) => (c === "x" ? "y" : "x")),
        email: "a@example.com",
      },
      { claim_token: registration.claim_token, email: "not-an-email" },
      { email: "a@example.com" },
    ]) {
      const res = await agentPost("/identity/claim", { json });
      expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: oauthError("invalid_request") });
    }
    advance(24 * 60 * 60 * 1000);
    const late = await agentPost("/identity/claim", {
      json: { claim_token: registration.claim_token, email: "a@example.com" },
    });
    expect({ status: late.status, body: late.body }).toEqual({ status: 400, body: oauthError("invalid_request") });

    const { registration: claimed } = await claimedRegistration();
    const again = await agentPost("/identity/claim", {
      json: { claim_token: claimed.claim_token, email: "b@example.com" },
    });
    expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: oauthError("invalid_request") });
  });

  it("mail failing never fails the request: email_sent false", async () => {
    await mailer.whileMailFails(async () => {
      const registration = await register();
      const res = await agentPost("/identity/claim", {
        json: { claim_token: registration.claim_token, email: "x@example.com" },
      });
      expect(res.status).toBe(200);
      expect(res.body.email_sent).toBe(false);
    });
  });
});

describe("the human's code (completeClaim)", () => {
  it("signed in as another email: says whom to sign in as, and costs no try", async () => {
    const registration = await register();
    const claim = await startClaimFor(registration.claim_token);
    const stranger = await humanFor(`stranger-${t}@example.com`);
    expect(await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human: stranger })).toEqual({
      outcome: "wrong_email",
      email: claim.email,
    });
    const human = await humanFor(claim.email);
    expect((await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human })).outcome).toBe(
      "claimed",
    );
    const client = await db();
    expect(await client.membership.findMany({ where: { accountId: registration.organization_id } })).toEqual([
      { humanId: human.id, accountId: registration.organization_id, role: "OWNER", createdAt: new Date(t) },
    ]);
    const account = await client.account.findUniqueOrThrow({ where: { id: registration.organization_id } });
    expect(account.claimedAt).toEqual(new Date(t));
  });

  it("five tries in all (even in parallel), then the ceremony restarts; the new code works, the old link does not", async () => {
    const registration = await register();
    const claim = await startClaimFor(registration.claim_token);
    const human = await humanFor(claim.email);
    const wrong = claim.userCode === "000000" ? "111111" : "000000";
    expect(await completeClaim({ attemptToken: claim.attemptToken, code: wrong, human })).toEqual({
      outcome: "wrong_code",
      triesLeft: 4,
    });
    // Ten wrong guesses at once: only four more tries are counted, whatever the interleaving.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => completeClaim({ attemptToken: claim.attemptToken, code: wrong, human })),
    );
    expect(results.filter((r) => r.outcome === "restart").length).toBeGreaterThanOrEqual(7);
    const client = await db();
    const row = await client.agentRegistration.findUniqueOrThrow({ where: { id: registration.registration_id } });
    expect({ status: row.status, codeTries: row.codeTries }).toEqual({ status: "PENDING", codeTries: 5 });
    // Tries are spent: even the right code no longer works on this attempt.
    expect(await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human })).toEqual({
      outcome: "restart",
    });
    const fresh = await startClaimFor(registration.claim_token);
    const sameHuman = { ...human, email: fresh.email };
    await client.human.update({ where: { id: human.id }, data: { email: fresh.email } });
    expect(await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human: sameHuman })).toEqual({
      outcome: "restart",
    });
    expect(
      (await completeClaim({ attemptToken: fresh.attemptToken, code: fresh.userCode, human: sameHuman })).outcome,
    ).toBe("claimed");
  });

  it("the code expires after 30 minutes", async () => {
    const registration = await register();
    const claim = await startClaimFor(registration.claim_token);
    const human = await humanFor(claim.email);
    advance(30 * 60 * 1000);
    expect(await completeClaim({ attemptToken: claim.attemptToken, code: claim.userCode, human })).toEqual({
      outcome: "restart",
    });
  });
});

describe("POST /api/agent/oauth/token (claim grant)", () => {
  it("400 unsupported_grant_type, invalid_request (missing fields, JSON body), invalid_grant (unknown token)", async () => {
    const cases: [Record<string, string> | null, string][] = [
      [{ grant_type: "authorization_code", claim_token: "x" }, "unsupported_grant_type"],
      [{ claim_token: "x" }, "invalid_request"],
      [{ grant_type: GRANT }, "invalid_request"],
      [{ grant_type: GRANT, claim_token: "ot_clm_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" }, "invalid_grant"],
    ];
    for (const [form, error] of cases) {
      const res = await agentPost("/oauth/token", { form: form! });
      expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: oauthError(error) });
    }
    const json = await agentPost("/oauth/token", { json: { grant_type: GRANT, claim_token: "x" } });
    expect({ status: json.status, body: json.body }).toEqual({ status: 400, body: oauthError("invalid_request") });
  });

  it("authorization_pending; slow_down sooner than 5 s after the last answered poll; pending again after 5 s", async () => {
    const registration = await register();
    const poll = async () => {
      const res = await pollToken(registration.claim_token);
      return { status: res.status, body: res.body };
    };
    expect(await poll()).toEqual({ status: 400, body: oauthError("authorization_pending") });
    advance(4999);
    expect(await poll()).toEqual({ status: 400, body: oauthError("slow_down") });
    advance(1);
    expect(await poll()).toEqual({ status: 400, body: oauthError("authorization_pending") });
    expect(await poll()).toEqual({ status: 400, body: oauthError("slow_down") });
  });

  it("expired_token when the code's 30 minutes pass unclaimed, and when the claim token's 24 h do", async () => {
    const registration = await register();
    await startClaimFor(registration.claim_token);
    advance(30 * 60 * 1000 - 1);
    expect((await pollToken(registration.claim_token)).body.error).toBe("authorization_pending");
    advance(1);
    const res = await pollToken(registration.claim_token);
    expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: oauthError("expired_token") });

    const other = await register();
    advance(24 * 60 * 60 * 1000);
    const late = await pollToken(other.claim_token);
    expect({ status: late.status, body: late.body }).toEqual({ status: 400, body: oauthError("expired_token") });
  });

  it("after the claim: the post-claim token exactly once, the pre-claim token 401 at once, later polls invalid_grant", async () => {
    const { registration } = await claimedRegistration();
    expect((await get("/auth/me", registration.access_token)).status).toBe(200);
    const res = await pollToken(registration.claim_token);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(/^ot_pat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$/),
        token_type: "bearer",
        scopes: POST_CLAIM,
      },
    });
    expectError(await get("/auth/me", registration.access_token), 401, "UNAUTHORIZED", {});
    const me = await get("/auth/me", res.body.access_token);
    expect(me.body.account.claimed).toBe(true);
    expect(me.body.token.scopes).toEqual(POST_CLAIM);
    advance(60_000);
    const again = await pollToken(registration.claim_token);
    expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: oauthError("invalid_grant") });
  });

  it("what a pre-claim token mints after the human's claim, and what that mints, is revoked with it at delivery; a human's token stays", async () => {
    const { registration } = await claimedRegistration();
    advance(1000); // after the claim (the test clock stands still otherwise)
    const child = await post("/tokens", registration.access_token, { name: "copy" });
    expect(child.status).toBe(201);
    const grandchild = await post("/tokens", child.body.accessToken, { name: "copy of the copy" });
    expect(grandchild.status).toBe(201);
    // The owner mints one on the settings page (the same service, no calling token).
    const owners = await createToken({
      accountId: registration.organization_id,
      grantedScopes: SCOPES,
      name: "owner's key",
      scopes: ["payments:read"],
    });
    const res = await pollToken(registration.claim_token);
    expect(res.status).toBe(200);
    for (const token of [registration.access_token, child.body.accessToken, grandchild.body.accessToken])
      expectError(await get("/auth/me", token), 401, "UNAUTHORIZED", {});
    expect((await get("/auth/me", owners.accessToken)).status).toBe(200);
    expect((await get("/auth/me", res.body.access_token)).status).toBe(200);
  });

  it("two polls racing after the claim: one token, the other invalid_grant, the pre-claim token revoked", async () => {
    for (let round = 0; round < 3; round++) {
      const { registration } = await claimedRegistration();
      const results = await Promise.all([pollToken(registration.claim_token), pollToken(registration.claim_token)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(results.find((r) => r.status === 400)!.body).toEqual(oauthError("invalid_grant"));
      const tokens = await (await db()).apiToken.findMany({ where: { accountId: registration.organization_id } });
      expect(tokens.map((tok) => [tok.label, tok.revokedAt === null]).sort()).toEqual([
        ["Post-claim agent token", true],
        ["Scout", false],
      ]);
    }
  });
});

describe("POST /api/agent/oauth/revoke (RFC 7009)", () => {
  it("200 {} and the token answers 401 on its next call; unknown tokens 200 {} too; no token is invalid_request", async () => {
    const registration = await register();
    for (const token of [
      registration.access_token,
      registration.access_token,
      "ot_pat_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
      "junk",
    ]) {
      const res = await agentPost("/oauth/revoke", { form: { token, token_type_hint: "access_token" } });
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: {} });
    }
    expectError(await get("/auth/me", registration.access_token), 401, "UNAUTHORIZED", {});
    const missing = await agentPost("/oauth/revoke", { form: {} });
    expect({ status: missing.status, body: missing.body }).toEqual({
      status: 400,
      body: oauthError("invalid_request"),
    });
  });
});

describe("per-address limits", () => {
  it("a burst of 100 registrations from one address: 20 pass, the rest 429 rate_limit_exceeded with Retry-After", async () => {
    const address = "198.51.100.77";
    const results = await Promise.all(Array.from({ length: 100 }, () => agentPost("/identity", { address })));
    expect(results.filter((r) => r.status === 201).length).toBe(20);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.length).toBe(80);
    for (const res of refused) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 429, body: oauthError("rate_limit_exceeded") });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Another address is not affected.
    expect((await agentPost("/identity", { address: "198.51.100.78" })).status).toBe(201);
  });

  it("at most 5 claim emails an hour to one address, from any number of senders; a refused restart keeps the code", async () => {
    const email = `much-claimed-${t}@example.com`;
    const before = mailer.inbox().messages.length;
    const registrations: { claim_token: string }[] = [];
    const starts = [];
    for (let i = 0; i < 7; i++) {
      // A new agent and a new sender address each time — but the sixth restarts the fifth's claim: only the
      // recipient is the same.
      const registration = i === 5 ? registrations[4] : await register();
      registrations.push(registration);
      starts.push(await agentPost("/identity/claim", { json: { claim_token: registration.claim_token, email } }));
    }
    expect(starts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    for (const refused of starts.slice(5)) {
      expect(refused.body).toEqual(oauthError("rate_limit_exceeded"));
      expect(refused.body.error_description).toMatch(/^Too many claim emails to this address; retry in \d+ s\.$/);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    await mailer.inbox().nextTo(email);
    expect(mailer.inbox().messages.length - before).toBe(5);
    // The refused restart (the sixth) changed nothing: the fifth agent's code still claims.
    const fifth = starts[4].body;
    const attemptToken = new URL(fifth.verification_uri).searchParams.get("attempt")!;
    const human = await humanFor(email);
    expect(await completeClaim({ attemptToken, code: fifth.user_code, human })).toMatchObject({ outcome: "claimed" });
    // Another address is not affected, and an hour later this one takes claims again.
    expect((await startClaimFor((await register()).claim_token)).body.email_sent).toBe(true);
    advance(60 * 60 * 1000);
    const again = await agentPost("/identity/claim", { json: { claim_token: (await register()).claim_token, email } });
    expect(again.status).toBe(200);
  });

  it("honest polling — one a second for two minutes from one address — never meets the limit", async () => {
    const registration = await register();
    const address = "198.51.100.90";
    for (let second = 0; second < 120; second++) {
      const res = await pollToken(registration.claim_token, address);
      expect(res.status).toBe(400);
      expect(["authorization_pending", "slow_down"]).toContain(res.body.error);
      advance(1000);
    }
  });
});

describe("a pre-claim token's 403s and discovery", () => {
  it("a scope only the claim brings (proposals:write) carries claimUrl; payments:write, which no claim brings, does not", async () => {
    const registration = await register();
    expectError(
      await post(`/proposals/${proposals.open}/hire`, registration.access_token, {
        milestone: { description: "x", amount: 10 },
      }),
      403,
      "FORBIDDEN",
      {
        requiredScopes: ["proposals:write"],
        grantedScopes: PRE_CLAIM,
        action: "claim_account",
        claimUrl: `${ORIGIN}/claim`,
      },
    );
    expectError(await post(`/milestones/${milestones.notFunded}/fund`, registration.access_token), 403, "FORBIDDEN", {
      requiredScopes: ["payments:write"],
      grantedScopes: PRE_CLAIM,
    });
  });

  it("RFC 8414 metadata with the agent_auth block, and RFC 9728 metadata", async () => {
    const as = await wellKnownGet("/.well-known/oauth-authorization-server");
    expect(as.status).toBe(200);
    expect(as.body).toEqual({
      issuer: ORIGIN,
      token_endpoint: `${ORIGIN}/api/agent/oauth/token`,
      revocation_endpoint: `${ORIGIN}/api/agent/oauth/revoke`,
      grant_types_supported: [GRANT],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ["none"],
      revocation_endpoint_auth_methods_supported: ["none"],
      scopes_supported: [...SCOPES],
      agent_auth: {
        identity_endpoint: `${ORIGIN}/api/agent/identity`,
        claim_endpoint: `${ORIGIN}/api/agent/identity/claim`,
        token_endpoint: `${ORIGIN}/api/agent/oauth/token`,
        grant_type: GRANT,
        interval: 5,
      },
    });
    const pr = await wellKnownGet("/.well-known/oauth-protected-resource");
    expect(pr.body).toEqual({
      resource: `${ORIGIN}/api/public/v1`,
      authorization_servers: [ORIGIN],
      bearer_methods_supported: ["header"],
      scopes_supported: [...SCOPES],
    });
  });
});
