import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens";
import { OAUTH_ERROR_STATUS } from "@/lib/agent-auth/oauth-error";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { dropDatabase, ENGINE } from "../support/databases";
import { findInvariantViolations } from "../support/invariants";
import { HOSTILE_CALLBACK_STRINGS } from "../support/hostile-callbacks";
import { seededRandom, seedFromEnv } from "../support/random";
import {
  freePort,
  postActionForm,
  prepareServerDatabase,
  readActionForm,
  signInSession,
  TestServer,
  type DemoFixtures,
} from "../support/server";

// Hostile input against the real server: generated requests to every public route, then forged, replayed and
// cross-account attempts on the human pages and their actions. Every answer must be a documented status with the
// error body; zero 5xx; zero cross-account reads or writes; no API token ever confirms or declines anything.
// Size: FUZZ_REQUESTS (default 1500); FUZZ_SEED replays a run.
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);
// The wider sweep (page paths, methods, dates, server-action arguments) sends about this share of REQUESTS more.
const SWEEP_REQUESTS = Math.max(300, Math.round(REQUESTS / 2));
const SEED = seedFromEnv("FUZZ_SEED");

const ACME_MARKERS = ["org_acme", "ms_acme", "ctr_acme", "job_acme", "fl_maria", "fl_kenji", "Acme Robotics"];
// Things only Globex has (its trainer Amara works for no one else in the demo data).
const GLOBEX_MARKERS = ["org_globex", "ms_globex", "ctr_globex", "job_globex", "prop_globex", "fl_amara", "Globex"];
const DOCUMENTED = new Set([200, 201, 202, 400, 401, 403, 404, 405, 409, 413]);
const CODE_FOR_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
};

function safeDecode(part: string) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;
const extraTokens: Record<string, string> = {};
/** Tokens the generated DELETE /tokens/{id} may aim at, by account (the fixtures' own tokens are never targets). */
const victimTokenIds: Record<"acme" | "globex", string> = { acme: "", globex: "" };

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_fuzz_${process.pid}`));
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  const client = await db();
  const mint = (label: string) =>
    client.$transaction((tx) =>
      createApiToken(tx, { accountId: "org_acme", label, scopes: ["payments:read", "payments:write"] }),
    );
  const revoked = await mint("revoked");
  await client.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  const expired = await mint("expired");
  await client.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  extraTokens.revoked = revoked.token;
  extraTokens.expired = expired.token;
  for (const account of ["acme", "globex"] as const) {
    const victim = await client.$transaction((tx) =>
      createApiToken(tx, { accountId: `org_${account}`, label: "victim", scopes: ["payments:read"] }),
    );
    victimTokenIds[account] = victim.id;
  }
  server = new TestServer(databaseUrl, await freePort());
  await server.start();
});

afterAll(async () => {
  await server?.kill();
  await disconnectDb();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

describe(`fuzz on ${ENGINE} (seed ${SEED})`, () => {
  it(
    `${REQUESTS} generated requests to every public route: documented answers only, nothing crosses accounts`,
    { timeout: 600_000 },
    async () => {
      const random = seededRandom(SEED);
      const t = fixtures.tokens;
      const ownerOf: Record<string, "acme" | "globex" | "none"> = {
        [t.full]: "acme",
        [t.noPaymentsWrite]: "acme",
        [t.otherAccount]: "globex",
        [t.unclaimed]: "none",
        [t.featureOff]: "none",
      };
      const approvalIds: Record<"acme" | "globex", string[]> = { acme: [], globex: [] };
      // Milestones the fuzz created (201), by the account of the token that created each.
      const createdBy = new Map<string, "acme" | "globex" | "none">();
      // Whose each known id is: a 2xx answer to another account's token about it is a cross-account leak or write.
      const idOwner = new Map<string, "acme" | "globex">([
        ...[
          fixtures.contracts.active,
          fixtures.contracts.ended,
          fixtures.contracts.unfunded,
          fixtures.milestones.activeFunded,
          fixtures.milestones.notFunded,
          fixtures.milestones.completed,
          fixtures.milestones.cancelled,
          fixtures.milestones.onEndedContract,
          "ms_acme_pairs_3",
          fixtures.proposals.open,
          fixtures.proposals.openSecond,
          "job_acme_rlhf",
          "job_acme_math",
          victimTokenIds.acme,
        ].map((id) => [id, "acme"] as const),
        ...[
          "ctr_globex_audit",
          fixtures.milestones.otherAccount,
          fixtures.proposals.otherAccount,
          "job_globex_audit",
          victimTokenIds.globex,
        ].map((id) => [id, "globex"] as const),
      ]);
      const mintedTokenIds: string[] = [];
      const topUpIds: string[] = [];
      // The id the current request aims at (set by the pickers below), for the cross-account check.
      let target: string | undefined;
      const aim = (id: string) => (target = id);
      const ids = {
        job: () => aim(random.pick(["job_acme_rlhf", "job_acme_math", "job_globex_audit", ...hostileIds])),
        proposal: () =>
          aim(
            random.pick([
              fixtures.proposals.open,
              fixtures.proposals.openSecond,
              fixtures.proposals.otherAccount,
              "prop_acme_maria",
              ...hostileIds,
            ]),
          ),
        token: () =>
          aim(
            random.pick([victimTokenIds.acme, victimTokenIds.globex, ...mintedTokenIds, "tok_missing", ...hostileIds]),
          ),
        topUp: () => aim(random.pick([...topUpIds, "tu_missing", ...hostileIds])),
        milestone: () =>
          aim(
            random.pick([
              fixtures.milestones.activeFunded,
              fixtures.milestones.notFunded,
              fixtures.milestones.completed,
              fixtures.milestones.cancelled,
              fixtures.milestones.onEndedContract,
              fixtures.milestones.otherAccount,
              "ms_acme_pairs_3",
              ...hostileIds,
            ]),
          ),
        contract: () =>
          aim(
            random.pick([
              fixtures.contracts.active,
              fixtures.contracts.ended,
              fixtures.contracts.unfunded,
              "ctr_globex_audit",
              ...hostileIds,
            ]),
          ),
        approval: () => random.pick([...approvalIds.acme, ...approvalIds.globex, "apr_missing", ...hostileIds]),
      };
      const hostileIds = [
        "ms_missing",
        "a".repeat(300),
        "%00",
        "..%2F..%2Fetc%2Fpasswd",
        "%E2%98%83",
        "%27%3B%20DROP%20TABLE%20%22Approval%22%3B--",
        "%F0%9F%92%B8",
        "%FF%FE",
        "null",
        "undefined",
        "0",
        "-1",
        "1e99",
      ];
      const hireBody = () =>
        JSON.stringify({
          milestone: {
            name: random.pick(["fuzz hire", "", "x".repeat(300), undefined]),
            description: random.pick(["fuzz hire work", "", undefined]),
            amount: random.pick([100, 0, -1, 0.001, 1e12, "100", null, undefined]),
            dueDate: random.pick([undefined, "2027-02-30", "2027-01-01T00:00:00Z"]),
          },
        });
      const topUpBody = () => JSON.stringify({ amountUsd: random.pick([10, 25, 9.99, 10_001, -5, "25", null, 1e309]) });
      const mintBody = () =>
        JSON.stringify({
          // A lone surrogate and a NUL: text neither engine can store (lib/text.ts), a 400 and never a 500.
          name: random.pick(["fuzz", "", "x".repeat(500), undefined, 42, "\ud800", "a\u0000b"]),
          scopes: random.pick([
            ["jobs:read"],
            ["payments:write"],
            ["webhooks:manage"],
            [],
            ["nope"],
            "jobs:read",
            null,
          ]),
          expiresAt: random.pick([undefined, null, "2030-01-01T00:00:00Z", "1999-01-01T00:00:00Z", "tomorrow", 5]),
        });
      const inviteBody = () =>
        JSON.stringify({
          email: random.pick([
            "fuzz.invitee@example.com",
            "  FUZZ.Invitee@Example.com ",
            "not-an-email",
            `${"x".repeat(300)}@example.com`,
            "",
            null,
            ["a@example.com"],
          ]),
        });
      const routes: {
        method: string;
        path: () => string;
        body?: boolean;
        /** Bodies shaped for this route, picked beside the generic ones. */
        bodies?: (() => string)[];
        query?: () => string;
      }[] = [
        { method: "POST", path: () => `/milestones/${ids.milestone()}/approve` },
        { method: "POST", path: () => `/milestones/${ids.milestone()}/fund` },
        { method: "POST", path: () => `/contracts/${ids.contract()}/milestones`, body: true },
        { method: "GET", path: () => `/contracts/${ids.contract()}` },
        { method: "GET", path: () => `/contracts`, query: () => randomQuery(["status", "jobId", "cursor", "limit"]) },
        { method: "GET", path: () => `/approvals/${ids.approval()}` },
        { method: "GET", path: () => `/updates`, query: () => randomQuery(["cursor", "limit", "wait"]) },
        { method: "GET", path: () => `/auth/me` },
        { method: "GET", path: () => `/approvals`, query: () => randomQuery(["status", "type", "cursor", "limit"]) },
        { method: "POST", path: () => `/approvals/${ids.approval()}/cancel`, body: true },
        { method: "POST", path: () => `/contracts/${ids.contract()}/end`, body: true },
        { method: "GET", path: () => `/jobs`, query: () => randomQuery(["cursor", "limit"]) },
        { method: "GET", path: () => `/jobs/${ids.job()}` },
        { method: "GET", path: () => `/jobs/${ids.job()}/proposals`, query: () => randomQuery(["cursor", "limit"]) },
        { method: "GET", path: () => `/proposals/${ids.proposal()}` },
        { method: "POST", path: () => `/proposals/${ids.proposal()}/hire`, body: true, bodies: [hireBody] },
        { method: "GET", path: () => `/credits` },
        { method: "GET", path: () => `/credits/ledger`, query: () => randomQuery(["cursor", "limit"]) },
        { method: "POST", path: () => `/credits/top-ups`, body: true, bodies: [topUpBody] },
        { method: "GET", path: () => `/credits/top-ups/${ids.topUp()}` },
        { method: "GET", path: () => `/tokens` },
        { method: "POST", path: () => `/tokens`, body: true, bodies: [mintBody] },
        { method: "DELETE", path: () => `/tokens/${ids.token()}` },
        { method: "GET", path: () => `/team` },
        { method: "POST", path: () => `/team/invites`, body: true, bodies: [inviteBody] },
        // Routes an attacker might hope exist: an API way to confirm or decline.
        { method: "POST", path: () => `/approvals/${ids.approval()}/confirm`, body: true },
        { method: "POST", path: () => `/approvals/${ids.approval()}/decline`, body: true },
        { method: "PATCH", path: () => `/approvals/${ids.approval()}`, body: true },
        { method: "PUT", path: () => `/milestones/${ids.milestone()}`, body: true },
      ];
      const queryValues = [
        "",
        "0",
        "1",
        "50",
        "100",
        "101",
        "-5",
        "abc",
        "1.5",
        "1e2",
        "9".repeat(30),
        "active",
        "ended",
        "ACTIVE",
        "job_acme_rlhf",
        "job_globex_audit",
        "ctr_globex_audit",
        "%00",
        "%E2%98%83",
      ];
      function randomQuery(keys: string[]) {
        const parts: string[] = [];
        for (let i = random.int(4); i > 0; i--)
          parts.push(`${random.pick([...keys, "junk", "limit"])}=${random.pick(queryValues)}`);
        return parts.length ? `?${parts.join("&")}` : "";
      }
      const bodies: (() => string | undefined)[] = [
        () => JSON.stringify({ description: "fuzz work", amountUsd: 12.5 }),
        () =>
          JSON.stringify({
            name: "n",
            description: "d",
            amountUsd: random.pick([0, -1, 0.001, 1e12, 12.345, "12", null, true, [], {}]),
          }),
        () => JSON.stringify({ description: "nul \u0000 byte and lone \ud800 surrogate", amountUsd: 1 }),
        () =>
          JSON.stringify({
            description: "x",
            amountUsd: 5,
            dueDate: random.pick(["2027-02-30", "yesterday", "2027-01-01T00:00:00Z", 42, ""]),
          }),
        () => '{"description": "x", "amountUsd": 1e309}',
        () => random.pick(["{", "[]", "null", '"string"', "42", "{'single': 1}", "\u0000", ""]),
        () => "[".repeat(5000) + "]".repeat(5000),
        () => JSON.stringify({ description: "x".repeat(70_000), amountUsd: 1 }),
        () => undefined,
      ];
      const authorizations = (): string | undefined =>
        random.pick([
          `Bearer ${t.full}`,
          `Bearer ${t.full}`,
          `Bearer ${t.otherAccount}`,
          `Bearer ${t.noPaymentsWrite}`,
          `Bearer ${t.unclaimed}`,
          `Bearer ${t.featureOff}`,
          `Bearer ${extraTokens.revoked}`,
          `Bearer ${extraTokens.expired}`,
          `Bearer ${t.full.slice(0, -1)}${t.full.endsWith("a") ? "b" : "a"}`,
          `Bearer ${t.full.slice(0, -5)}`,
          `bearer ${t.full}`,
          `Bearer  ${t.full}`,
          `Token ${t.full}`,
          `Bearer ${"x".repeat(5000)}`,
          "Bearer",
          undefined,
        ]);
      const contentTypes = [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        undefined,
      ];

      // Some legitimate traffic first, so there are real approvals of both accounts to aim at.
      for (const [token, owner, path] of [
        [t.full, "acme", `/milestones/${fixtures.milestones.activeFunded}/approve`],
        [t.full, "acme", `/milestones/${fixtures.milestones.notFunded}/fund`],
        [t.otherAccount, "globex", `/milestones/${fixtures.milestones.otherAccount}/approve`],
      ] as const) {
        const res = await fetch(`${server.url}/api/public/v1${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(202);
        approvalIds[owner].push((await res.json()).approval.id);
      }

      const problems: string[] = [];
      const statusCounts = new Map<number, number>();
      for (let n = 0; n < REQUESTS; n++) {
        const route = random.pick(routes);
        const method = random.chance(0.85)
          ? route.method
          : random.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
        target = undefined;
        const path = `/api/public/v1${route.path()}${route.query?.() ?? ""}`;
        const authorization = authorizations();
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        const contentType = random.pick(contentTypes);
        if (contentType) headers["content-type"] = contentType;
        if (random.chance(0.1))
          headers["x-request-id"] = random.pick(["short", "ok-request-id-1234", "x".repeat(500), "ünïcode-id-0001"]);
        const body =
          method !== "GET" && method !== "HEAD" && (route.body || random.chance(0.3))
            ? random.pick([...(route.bodies ?? []), ...(route.bodies ?? []), ...bodies])()
            : undefined;

        let res: Response;
        try {
          res = await fetch(server.url + path, { method, headers, body });
        } catch (error) {
          problems.push(`${method} ${path}: no answer (${(error as Error).message})`);
          continue;
        }
        const text = await res.text();
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        const where = `${method} ${path.slice(0, 120)} [${authorization?.slice(0, 30)}] → ${res.status}`;
        if (res.status >= 500) problems.push(`${where}: 5xx ${text.slice(0, 200)}`);
        if (!DOCUMENTED.has(res.status)) problems.push(`${where}: undocumented status`);
        if (!res.headers.get("x-request-id")) problems.push(`${where}: no X-Request-Id`);
        if (method !== "HEAD" && res.status >= 400) {
          let parsed: Record<string, unknown> | undefined;
          try {
            parsed = JSON.parse(text);
          } catch {
            problems.push(`${where}: error body is not JSON: ${text.slice(0, 100)}`);
          }
          if (parsed) {
            const keys = Object.keys(parsed).sort().join(",");
            if (keys !== "code,details,error,requestId") problems.push(`${where}: error body keys ${keys}`);
            if (parsed.code !== CODE_FOR_STATUS[res.status]) problems.push(`${where}: code ${String(parsed.code)}`);
            if (parsed.requestId !== res.headers.get("x-request-id"))
              problems.push(`${where}: requestId differs from the header`);
            if (/\bat\s+\S+\s+\(|node_modules|\.ts:\d+/.test(text)) problems.push(`${where}: looks like a stack trace`);
          }
        }
        // Cross-account reads: an answer to one account's token never names the other account's things.
        // Read the token as the server does (scheme case-insensitive, any whitespace), so "bearer …" counts too.
        const sent = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
        const owner = sent ? ownerOf[sent] : undefined;
        const foreign = owner === "acme" ? GLOBEX_MARKERS : owner === "globex" ? ACME_MARKERS : [];
        // What the caller sent may be echoed back (a 404 names the id asked for); anything else must not appear.
        let unechoed = text;
        for (const part of path.split(/[/?&=]/))
          if (part.length > 3) unechoed = unechoed.replaceAll(safeDecode(part), "");
        for (const marker of foreign) if (unechoed.includes(marker)) problems.push(`${where}: answer names ${marker}`);
        if (res.status === 202 && owner && owner !== "none") {
          const approval = JSON.parse(text).approval;
          if (approval?.id && !approvalIds[owner].includes(approval.id)) approvalIds[owner].push(approval.id);
        }
        const targetOwner = target ? idOwner.get(target) : undefined;
        if (res.status < 300 && targetOwner && owner !== targetOwner)
          problems.push(`${where}: another account's ${target}`);
        if (res.status === 201 && owner) {
          const created = JSON.parse(text);
          if (created.milestone?.id) createdBy.set(created.milestone.id, owner);
          if (owner !== "none" && created.token?.id) {
            mintedTokenIds.push(created.token.id);
            idOwner.set(created.token.id, owner);
          }
          if (owner !== "none" && created.topUpId) {
            topUpIds.push(created.topUpId);
            idOwner.set(created.topUpId, owner);
          }
        }
      }
      console.log(
        `fuzz on ${ENGINE}: ${REQUESTS} requests, seed ${SEED}, answers ${JSON.stringify(Object.fromEntries([...statusCounts].sort()))}, problems ${problems.length}`,
      );
      const kinds = new Map<string, number>();
      for (const p of problems) {
        const kind = p
          .replace(/\/api\/public\/v1\S*/, "<path>")
          .replace(/\[.*?\]/, "")
          .replace(/: .*$/, (m) => m.slice(0, 60));
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      expect(Object.fromEntries([...kinds].slice(0, 30))).toEqual({});

      // Cross-account writes and API self-confirmation, from the database itself.
      const client = await db();
      const approvals = await client.approval.findMany({
        include: { milestone: { include: { contract: true } }, contract: true, requestedByToken: true },
      });
      expect(approvals.length).toBeGreaterThan(0);
      const proposalAccounts = new Map(
        (await client.proposal.findMany({ include: { job: true } })).map((p) => [p.id, p.job.accountId]),
      );
      for (const approval of approvals) {
        // Whatever it names (a milestone, a contract, a proposal to hire from) is its own account's.
        if (approval.milestoneId) expect(approval.milestone?.contract.accountId).toBe(approval.accountId);
        if (approval.contractId) expect(approval.contract?.accountId).toBe(approval.accountId);
        if (approval.proposalId) expect(proposalAccounts.get(approval.proposalId)).toBe(approval.accountId);
        expect(approval.milestoneId ?? approval.contractId ?? approval.proposalId).toBeTruthy();
        expect(approval.requestedByToken?.accountId).toBe(approval.accountId);
        expect(["pending", "expired", "cancelled"]).toContain(approval.status);
        expect(approval.resolvedByHumanId).toBeNull();
      }
      const milestones = await client.milestone.findMany({ include: { contract: true } });
      // Every milestone the fuzz made was made by a token of the contract's own account (a globex token may add work to
      // its own contract; no token may add it to another's).
      const fuzzMilestones = milestones.filter((m) => m.description === "fuzz work");
      for (const m of fuzzMilestones)
        expect({ id: m.id, by: createdBy.get(m.id) }).toEqual({
          id: m.id,
          by: m.contract.accountId.replace(/^org_/, ""),
        });
      // Only the tokens the generated DELETEs aimed at may have been revoked: never a fixture's.
      const revokedNow = await client.apiToken.findMany({
        where: { label: { not: "revoked" }, revokedAt: { not: null } },
      });
      const targets = [victimTokenIds.acme, victimTokenIds.globex, ...mintedTokenIds];
      for (const revoked of revokedNow) expect(targets).toContain(revoked.id);
      expect(await findInvariantViolations()).toEqual([]);
    },
  );

  it(
    `${Math.max(300, Math.round(REQUESTS / 3))} generated requests to the agent identity, OAuth and discovery routes: OAuth-shaped answers only, zero 5xx`,
    { timeout: 600_000 },
    async () => {
      const random = seededRandom(SEED + 2);
      const count = Math.max(300, Math.round(REQUESTS / 3));
      const problems: string[] = [];
      const statusCounts = new Map<number, number>();
      const GRANT = "urn:opentrain:agent-auth:grant-type:claim";
      const claimedBefore = await (await db()).agentRegistration.count({ where: { status: { not: "PENDING" } } });
      // The per-address limits (20 registrations an hour …) would answer 429 to nearly everything from one address:
      // the requests come from many loopback addresses, so the handlers behind the limits are reached too.
      const from = () => `127.0.0.${2 + random.int(60)}`;
      const json = { "content-type": "application/json" };
      const registered = await rawRequest(
        server.url,
        "POST",
        "/api/agent/identity",
        json,
        JSON.stringify({ agent_name: "Fuzz scout" }),
        "127.0.0.250",
      );
      expect(registered.status).toBe(201);
      const identity = JSON.parse(registered.text);
      const started = await rawRequest(
        server.url,
        "POST",
        "/api/agent/identity/claim",
        json,
        JSON.stringify({ claim_token: identity.claim_token, email: "fuzz.claim@example.com" }),
        "127.0.0.250",
      );
      expect(started.status).toBe(200);
      const pick = <T>(values: T[]) => random.pick(values);
      const weird = ["", "x".repeat(3000), "%00", "\u0000", "null", "ünïcode", "ot_clm_", "ot_clm_a_b", "ot_pat_a_b"];
      const claimToken = () =>
        pick([identity.claim_token, identity.claim_token, `${identity.claim_token.slice(0, -1)}x`, ...weird]);
      // Only tokens this test made are ever sent to revoke: RFC 7009 lets anyone holding a token revoke it.
      const anyToken = () => pick([identity.access_token, `${identity.access_token.slice(0, -2)}zz`, ...weird]);
      const shaped: Record<string, () => Record<string, unknown>> = {
        "/api/agent/identity": () => ({
          agent_name: pick(["Fuzz agent", "", "x".repeat(500), 42, null, undefined, "nul \u0000"]),
          organization_name: pick([undefined, "Fuzz Labs", "", ["a"], "x".repeat(500)]),
          identity_type: pick([undefined, "agent", "human", ""]),
        }),
        "/api/agent/identity/claim": () => ({
          claim_token: claimToken(),
          email: pick(["fuzz.claim@example.com", "not-an-email", "", null, "  UPPER@Example.com ", "x".repeat(300)]),
        }),
        "/api/agent/oauth/token": () => ({
          grant_type: pick([GRANT, GRANT, "authorization_code", "urn:ietf:params:oauth:grant-type:device_code", ""]),
          claim_token: claimToken(),
        }),
        "/api/agent/oauth/revoke": () => ({
          token: anyToken(),
          token_type_hint: pick([undefined, "access_token", "refresh_token", "junk"]),
        }),
      };
      const routes = [
        ...Object.keys(shaped).map((path) => ({ path, method: "POST" })),
        { path: "/.well-known/oauth-protected-resource", method: "GET" },
        { path: "/.well-known/oauth-authorization-server", method: "GET" },
      ];
      const encode = (fields: Record<string, unknown>, as: "json" | "form") =>
        as === "json"
          ? JSON.stringify(fields)
          : new URLSearchParams(
              Object.entries(fields)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, String(v)]),
            ).toString();
      const junk = ["{", "[]", "null", '"s"', "a=%ZZ&b", "\u0000", "x".repeat(70_000), "[".repeat(3000)];

      for (let n = 0; n < count; n++) {
        const route = pick(routes);
        const method = random.chance(0.85) ? route.method : pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
        const as = pick(["json", "form"] as const);
        const headers: Record<string, string> = {};
        const contentType = random.chance(0.85)
          ? as === "json"
            ? "application/json"
            : "application/x-www-form-urlencoded"
          : pick(["text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1", ""]);
        if (contentType) headers["content-type"] = contentType;
        if (random.chance(0.5)) headers.origin = server.url;
        // A header carries printable ASCII only (node:http refuses the rest before sending).
        if (random.chance(0.2)) headers.authorization = `Bearer ${anyToken().replace(/[^\x21-\x7e]/g, "")}`;
        const body =
          method === "GET" || method === "HEAD"
            ? undefined
            : random.chance(0.8) && shaped[route.path]
              ? encode(shaped[route.path](), as)
              : pick(junk);
        const res = await rawRequest(server.url, method, route.path, headers, body, from());
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        const where = `${method} ${route.path} ${contentType} → ${res.status}`;
        if (res.status >= 500 || res.status === 0) problems.push(`${where}: ${res.text.slice(0, 160)}`);
        if (/\bat\s+\S+\s+\(|node_modules\/|\.ts:\d+:\d+/.test(res.text))
          problems.push(`${where}: looks like a stack trace`);
        if (route.path.startsWith("/.well-known/")) {
          if ((method === "GET" || method === "HEAD") && res.status !== 200)
            problems.push(`${where}: metadata not served`);
          if (method === "GET" && res.status === 200 && !JSON.parse(res.text).resource && !JSON.parse(res.text).issuer)
            problems.push(`${where}: metadata without resource or issuer`);
          // Other methods: 405 from the route; without a same-origin Origin the proxy's cross-site refusal (403)
          // and its body limit (413) come first, as on every page path.
          if (method !== "GET" && method !== "HEAD" && ![403, 405, 413].includes(res.status))
            problems.push(`${where}: neither 405 nor the proxy's 403/413`);
          if (method !== "GET" && method !== "HEAD" && headers.origin === server.url && res.status === 403)
            problems.push(`${where}: same-origin refused`);
          continue;
        }
        if (![200, 201, 400, 405, 413, 429].includes(res.status)) problems.push(`${where}: undocumented status`);
        if (!res.headers["x-request-id"]) problems.push(`${where}: no X-Request-Id`);
        if (method === "HEAD") continue;
        let parsed: Record<string, unknown> | undefined;
        try {
          parsed = JSON.parse(res.text);
        } catch {
          problems.push(`${where}: body is not JSON: ${res.text.slice(0, 80)}`);
        }
        if (!parsed || res.status < 400) continue;
        // RFC 6749 §5.2: exactly error and error_description, the error one the table maps to this status.
        const keys = Object.keys(parsed).sort().join(",");
        if (keys !== "error,error_description") problems.push(`${where}: error body keys ${keys}`);
        const code = String(parsed.error);
        if (OAUTH_ERROR_STATUS[code as keyof typeof OAUTH_ERROR_STATUS] !== res.status)
          problems.push(`${where}: error ${code} for status ${res.status}`);
        if (res.headers["cache-control"] !== "no-store") problems.push(`${where}: cacheable error`);
        if (res.status === 429 && !/^\d+$/.test(String(res.headers["retry-after"])))
          problems.push(`${where}: no Retry-After`);
      }
      console.log(
        `oauth fuzz on ${ENGINE}: ${count} requests, seed ${SEED}, answers ${JSON.stringify(Object.fromEntries([...statusCounts].sort()))}, problems ${problems.length}`,
      );
      const kinds = new Map<string, number>();
      for (const p of problems) kinds.set(p.slice(0, 120), (kinds.get(p.slice(0, 120)) ?? 0) + 1);
      expect(Object.fromEntries([...kinds].slice(0, 30))).toEqual({});
      // The registration's claim was never completed by any of it: no human was made an owner by an API call.
      expect(await (await db()).agentRegistration.count({ where: { status: { not: "PENDING" } } })).toBe(claimedBefore);
      expect(await findInvariantViolations()).toEqual([]);
    },
  );

  it("dynamic routes answer for the id in their own URL, interleaved and concurrent", async () => {
    const token = fixtures.tokens.full;
    const call = (method: string, path: string) =>
      fetch(`${server.url}/api/public/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    // Two approvals of this account exist whatever ran before (these are idempotent).
    await call("POST", `/milestones/${fixtures.milestones.activeFunded}/approve`);
    await call("POST", `/milestones/${fixtures.milestones.notFunded}/fund`);
    const own = await (
      await db()
    ).approval.findMany({ where: { accountId: "org_acme" }, take: 2, orderBy: { createdAt: "desc" } });
    expect(own).toHaveLength(2);
    const ids = [own[0].id, own[1].id, "apr_missing_one", "apr_missing_two"];
    // Interleaved and concurrent, on two dynamic routes: every answer must be about the id in its own URL.
    const answers = await Promise.all(
      Array.from({ length: 80 }, async (_, i) => {
        const id = ids[i % ids.length];
        const res =
          i % 5 === 4
            ? await call("GET", `/contracts/${fixtures.contracts.active}`)
            : await call("GET", `/approvals/${id}`);
        return { i, id, status: res.status, body: await res.json() };
      }),
    );
    for (const { i, id, status, body } of answers) {
      if (i % 5 === 4) {
        expect(status).toBe(200);
        expect(body.contract.id).toBe(fixtures.contracts.active);
      } else if (id.startsWith("apr_missing")) {
        expect(status).toBe(404);
        expect(body.details).toEqual({ resource: "approvals", approvalId: id });
      } else {
        expect(status).toBe(200);
        expect(body.approval.id).toBe(id);
      }
    }
  });

  it(
    "human pages and actions: no session, another human, forged and replayed posts, bearer tokens",
    { timeout: 120_000 },
    async () => {
      const client = await db();
      const post = (path: string, token: string) =>
        fetch(`${server.url}/api/public/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      const acme = await (await post(`/milestones/ms_acme_pairs_3/approve`, fixtures.tokens.full)).json();
      const globex = await (
        await post(`/milestones/${fixtures.milestones.otherAccount}/approve`, fixtures.tokens.otherAccount)
      ).json();
      const acmeId: string = acme.approval.id;
      const globexId: string = globex.approval.id;
      const statusOf = async (id: string) => (await client.approval.findUniqueOrThrow({ where: { id } })).status;

      // Signed out: every approval page (real, foreign, malformed) leads to sign-in, never a 5xx.
      for (const id of [acmeId, globexId, "apr_missing", "%00", "a".repeat(300), "%E2%98%83"]) {
        const res = await fetch(`${server.url}/approvals/${id}`, {
          redirect: "manual",
          headers: { authorization: `Bearer ${fixtures.tokens.full}` },
        });
        expect(res.status, id).toBe(307);
        expect(res.headers.get("location")).toMatch(/^\/sign-in\?callbackUrl=/);
      }
      const owner = await signInSession(server.url, fixtures.humans[0].email, fixtures.humans[0].password);
      const outsider = await signInSession(server.url, fixtures.humans[1].email, fixtures.humans[1].password);

      // Another human: the same 404 as a missing id.
      for (const id of [acmeId, "apr_missing", "%00"]) {
        const res = await fetch(`${server.url}/approvals/${id}`, { headers: { cookie: outsider.cookie } });
        expect(res.status, id).toBe(404);
      }

      const confirmFields = (await readActionForm(server.url, owner.cookie, acmeId, "confirm"))!;
      const outsiderFields = (await readActionForm(server.url, outsider.cookie, globexId, "confirm"))!;
      expect(confirmFields.length).toBeGreaterThan(2);
      const retarget = (fields: [string, string][], id: string) =>
        fields.map(([k, v]) => [k, v.replace(/apr_[A-Za-z0-9]+/, id)] as [string, string]);
      const origin = server.url;
      const forgeries: [string, () => Promise<Response>][] = [
        ["no session", () => postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, { origin })],
        [
          "an API token instead of a session",
          () =>
            postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, {
              origin,
              authorization: `Bearer ${fixtures.tokens.full}`,
            }),
        ],
        [
          "another human's session",
          () => postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, { origin, cookie: outsider.cookie }),
        ],
        [
          "another human's own form, retargeted",
          () =>
            postActionForm(server.url, `/approvals/${globexId}`, retarget(outsiderFields, acmeId), {
              origin,
              cookie: outsider.cookie,
            }),
        ],
        [
          "a cross-site origin",
          () =>
            postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, {
              origin: "https://evil.example",
              cookie: owner.cookie,
            }),
        ],
        [
          "no origin at all",
          () => postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, { cookie: owner.cookie }),
        ],
        [
          "a made-up action id",
          () =>
            postActionForm(
              server.url,
              `/approvals/${acmeId}`,
              confirmFields.map(
                ([k, v]) =>
                  [k, v.replace(/"id":"[0-9a-f]+"/, '"id":"00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00"')] as [
                    string,
                    string,
                  ],
              ),
              { origin, cookie: owner.cookie },
            ),
        ],
      ];
      for (const [label, attempt] of forgeries) {
        const res = await attempt();
        expect(res.status, label).toBeLessThan(500);
        expect(await statusOf(acmeId), label).toBe("pending");
      }
      for (const [label, attempt] of forgeries.slice(4, 6)) expect((await attempt()).status, label).toBe(403);

      // The owner's real form, sent five times at once and replayed after: one execution, one payout.
      const payoutBefore = (await client.ledgerAccount.findUniqueOrThrow({ where: { key: "TRAINER_PAYOUT:fl_maria" } }))
        .balanceCents;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, { origin, cookie: owner.cookie }),
        ),
      );
      for (const res of answers) expect(res.status).toBe(200);
      const replay = await postActionForm(server.url, `/approvals/${acmeId}`, confirmFields, {
        origin,
        cookie: owner.cookie,
      });
      expect(await replay.text()).toContain("Already confirmed.");
      expect(await statusOf(acmeId)).toBe("confirmed");
      expect(await client.ledgerTransaction.count({ where: { approvalId: acmeId } })).toBe(1);
      const payoutAfter = (await client.ledgerAccount.findUniqueOrThrow({ where: { key: "TRAINER_PAYOUT:fl_maria" } }))
        .balanceCents;
      expect(payoutAfter - payoutBefore).toBe(12_550);
      expect(await statusOf(globexId)).toBe("pending");

      // Sign-in never redirects off-site.
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = await csrf.json();
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const offsite = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({
          email: fixtures.humans[0].email,
          password: fixtures.humans[0].password,
          csrfToken,
          callbackUrl: "https://evil.example/steal",
        }),
      });
      expect(offsite.headers.get("location") ?? "").not.toContain("evil.example");
      const signInPage = await fetch(`${server.url}/sign-in?callbackUrl=${encodeURIComponent("//evil.example")}`);
      expect(await signInPage.text()).not.toContain('value="//evil.example"');

      expect(await findInvariantViolations()).toEqual([]);
    },
  );

  it(
    `wider sweep (${SWEEP_REQUESTS} requests): page paths, unusual methods, far dates, server-action arguments of every wrong type: zero 5xx`,
    { timeout: 600_000 },
    async () => {
      const random = seededRandom(SEED + 1);
      const problems: string[] = [];
      const owner = await signInSession(server.url, fixtures.humans[0].email, fixtures.humans[0].password);
      const token = fixtures.tokens.full;
      const checkApiBody = (
        where: string,
        method: string,
        status: number,
        headers: http.IncomingHttpHeaders,
        text: string,
      ) => {
        if (method === "HEAD" || status < 400) return;
        try {
          const body = JSON.parse(text);
          if (Object.keys(body).sort().join(",") !== "code,details,error,requestId")
            problems.push(`${where}: error body keys`);
          if (body.code !== CODE_FOR_STATUS[status]) problems.push(`${where}: code ${body.code}`);
          if (body.requestId !== headers["x-request-id"]) problems.push(`${where}: requestId differs from the header`);
        } catch {
          problems.push(`${where}: error body is not JSON: ${text.slice(0, 80)}`);
        }
      };
      const look = (where: string, status: number, text: string) => {
        if (status >= 500 || status === 0) problems.push(`${where}: ${status} ${text.slice(0, 160)}`);
        if (/\bat\s+\S+\s+\(|node_modules\/|\.ts:\d+:\d+/.test(text))
          problems.push(`${where}: looks like a stack trace`);
      };

      // 1. Methods × paths, pages and API, through node:http (fetch refuses TRACE and friends).
      const methods = [
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "OPTIONS",
        "TRACE",
        "TRACK",
        "PROPFIND",
        "MKCOL",
        "M-SEARCH",
        "PURGE",
        "FOO",
        "X-MADE-UP",
      ];
      const pagePaths = [
        "/",
        "/approvals",
        "/approvals/apr_missing",
        "/billing",
        "/claim",
        "/sign-in",
        "/sign-up",
        "/no-such-page",
        "/approvals/%FF",
        "/%C0%AF",
        "/approvals/%C0%AF",
        "/%E0%80%80",
        "/approvals/%ED%A0%80",
        "/approvals/%",
        "/approvals/%G1",
        "/approvals/%00",
        "/approvals/..%2F..%2Fetc%2Fpasswd",
        "/approvals/" + "a".repeat(3000),
        "/approvals//",
        "/_next/%FF",
        "/_next/static/%FF.js",
        ...HOSTILE_CALLBACK_STRINGS.map((v) => `/sign-in?callbackUrl=${encodeURIComponent(v)}`),
        "/sign-in?callbackUrl=%FF",
        "/sign-in?callbackUrl=%",
        "/sign-in?callbackUrl=a&callbackUrl=//evil.example",
        "/sign-up?callbackUrl=%C0%AF",
      ];
      const apiPaths = [
        "/api/public/v1/auth/me",
        "/api/public/v1/contracts",
        `/api/public/v1/contracts/${fixtures.contracts.active}`,
        `/api/public/v1/contracts/${fixtures.contracts.active}/milestones`,
        `/api/public/v1/milestones/${fixtures.milestones.activeFunded}/approve`,
        "/api/public/v1/approvals/apr_missing",
        "/api/public/v1/updates",
        "/api/public/v1/nope",
        "/api/public/v1/approvals/%FF",
        "/api/public/v1/%C0%AF",
        "/api/public/v1/contracts/%E2%98%83",
      ];
      const otherPaths = [
        "/api/auth/session",
        "/api/auth/csrf",
        "/api/auth/callback/credentials",
        "/api/auth/signout",
        "/api/health",
        "/api/nope",
      ];
      const all = [...pagePaths, ...apiPaths, ...otherPaths];
      for (let n = 0; n < SWEEP_REQUESTS; n++) {
        const path = random.pick(all);
        const method = random.pick(methods);
        const headers: Record<string, string> = {};
        if (random.chance(0.5)) headers.cookie = owner.cookie;
        if (random.chance(0.6)) headers.origin = server.url;
        if (path.startsWith("/api/public/v1/") && random.chance(0.8)) headers.authorization = `Bearer ${token}`;
        const body =
          method === "GET" || method === "HEAD" || random.chance(0.5)
            ? undefined
            : random.pick(['{"a":1}', "x".repeat(1000), "[", ""]);
        if (body !== undefined)
          headers["content-type"] = random.pick([
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
          ]);
        const res = await rawRequest(server.url, method, path, headers, body);
        const where = `${method} ${path.slice(0, 80)} → ${res.status}`;
        look(where, res.status, res.text);
        if (path.startsWith("/api/public/v1/")) {
          if (!res.headers["x-request-id"]) problems.push(`${where}: no X-Request-Id`);
          checkApiBody(where, method, res.status, res.headers, res.text);
        }
        if (!res.headers["x-frame-options"] || !res.headers["content-security-policy"])
          problems.push(`${where}: security headers missing`);
      }

      // 2. Far-future and far-past dates: stored and read back as sent, or a 400 naming the field. Never a 500.
      const dates = [
        "9999-12-31",
        "9999-12-31T23:59:59.999Z",
        "+275760-09-13",
        "+275760-09-13T00:00:00.000Z",
        "-271821-04-20",
        "0000-01-01",
        "0000-12-31T23:59:59Z",
        "0001-01-01",
        "1000-01-01",
        "1582-10-10",
        "1899-12-31",
        "1969-12-31",
        "1970-01-01T00:00:00Z",
        "2038-01-19T03:14:08Z",
        "2100-02-29",
        "2000-02-29",
        "9999-12-31T23:59:59-01:00",
        "0001-01-01T00:00:00+01:00",
        "2027-06-01T12:00:00+14:00",
        "2027-06-01T12:00:00-12:00",
        "99999-01-01",
        "2027-13-01",
        "2027-00-10",
        "1e10",
        "2027-06-01T25:00:00Z",
      ];
      for (const dueDate of dates) {
        const res = await fetch(`${server.url}/api/public/v1/contracts/${fixtures.contracts.active}/milestones`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ description: "fuzz date", amountUsd: 1, dueDate }),
        });
        const text = await res.text();
        const where = `dueDate ${dueDate} → ${res.status}`;
        look(where, res.status, text);
        if (res.status === 201) {
          const { milestone } = JSON.parse(text);
          const expected = new Date(dueDate).toISOString();
          if (milestone.dueDate !== expected)
            problems.push(`${where}: answered ${milestone.dueDate}, expected ${expected}`);
          const read = await (
            await fetch(`${server.url}/api/public/v1/contracts/${fixtures.contracts.active}`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).json();
          const stored = read.contract.milestones.find((m: { id: string }) => m.id === milestone.id);
          if (stored?.dueDate !== expected) problems.push(`${where}: stored ${stored?.dueDate}, expected ${expected}`);
        } else if (res.status === 400) {
          if (JSON.parse(text).details?.field !== "dueDate")
            problems.push(`${where}: 400 without details.field dueDate`);
        } else problems.push(`${where}: neither 201 nor 400`);
      }

      // 3. Server actions with arguments of every wrong type, through real HTTP with the action ids read from the pages.
      const client = await db();
      const asked = await (
        await fetch(`${server.url}/api/public/v1/contracts/${fixtures.contracts.active}/milestones`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ description: "fuzz action target", amountUsd: 1 }),
        })
      ).json();
      const fund = await (
        await fetch(`${server.url}/api/public/v1/milestones/${asked.milestone.id}/fund`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      const approvalId: string = fund.approval.id;
      const actionIds = {
        signIn: actionIdsIn(await (await fetch(`${server.url}/sign-in`)).text())[0],
        signUp: actionIdsIn(await (await fetch(`${server.url}/sign-up`)).text())[0],
        ...(([confirm, decline]) => ({ confirm, decline }))(
          actionIdsIn(
            await (await fetch(`${server.url}/approvals/${approvalId}`, { headers: { cookie: owner.cookie } })).text(),
          ),
        ),
      };
      for (const [name, id] of Object.entries(actionIds)) expect(id, name).toMatch(/^[0-9a-f]{40,}$/);
      const huge = "h".repeat(60_000);
      const wrongValues: unknown[] = [
        null,
        0,
        -1,
        1e308,
        true,
        "",
        "x",
        huge,
        [],
        [1, 2],
        [[[]]],
        {},
        { email: 1 },
        { get: "x" },
        "$undefined",
        "$NaN",
        "$Infinity",
        "$-0",
        "$D2027-01-01T00:00:00.000Z",
        "$n12345678901234567890",
        "apr_missing",
        approvalId,
        `${approvalId} `,
        "%00",
        "a".repeat(65),
      ];
      const argLists: unknown[][] = [
        [],
        ...wrongValues.map((v) => [v]),
        ...wrongValues.map((v) => [{}, v]),
        ...wrongValues.map((v) => [v, {}, v]),
        [approvalId, {}, 42],
        [approvalId, null],
        [{}, {}, {}, {}, {}],
      ];
      let calls = 0;
      for (const [name, id] of Object.entries(actionIds)) {
        const page = name === "signIn" ? "/sign-in" : name === "signUp" ? "/sign-up" : `/approvals/${approvalId}`;
        for (const args of argLists) {
          const res = await fetch(`${server.url}${page}`, {
            method: "POST",
            headers: {
              origin: server.url,
              cookie: owner.cookie,
              "next-action": id,
              "content-type": "text/plain;charset=UTF-8",
            },
            body: JSON.stringify(args),
            redirect: "manual",
          });
          calls++;
          look(`${name}(${JSON.stringify(args).slice(0, 60)})`, res.status, await res.text());
        }
        // Multipart, as a browser's FormData argument arrives: missing fields, duplicated fields (arrays), files where
        // text belongs, huge values; with JavaScript (Next-Action header, field "0") and without ($ACTION_ID_ field).
        const fieldSets: [string, string | Blob][][] = [
          [],
          [["email", "a@b.c"]],
          [
            ["email", ""],
            ["password", ""],
          ],
          [
            ["email", "owner@acme.test"],
            ["email", "other@acme.test"],
            ["password", "x"],
            ["password", "y"],
          ],
          [
            ["email", new Blob(["file"])],
            ["password", new Blob(["file"])],
            ["callbackUrl", new Blob(["//evil"])],
          ],
          [
            ["email", huge],
            ["password", huge],
            ["name", huge],
            ["reason", huge],
          ],
          [
            ["reason", "\u0000\ud800"],
            ["name", "\u0000"],
            ["email", "\ud800@x.y"],
          ],
          [
            ["callbackUrl", "//evil.example"],
            ["email", fixtures.humans[0].email],
            ["password", "wrong password"],
          ],
        ];
        for (const fields of fieldSets) {
          for (const style of ["fetch", "no-js"] as const) {
            const form = new FormData();
            if (style === "fetch")
              form.append("0", JSON.stringify(page.startsWith("/approvals") ? [approvalId, {}, "$K1"] : [{}, "$K1"]));
            else form.append(`$ACTION_ID_${id}`, "");
            for (const [key, value] of fields) form.append(style === "fetch" ? `1_${key}` : key, value);
            const res = await fetch(`${server.url}${page}`, {
              method: "POST",
              headers: {
                origin: server.url,
                cookie: owner.cookie,
                ...(style === "fetch" ? { "next-action": id } : {}),
              },
              body: form,
              redirect: "manual",
            });
            calls++;
            look(`${name} ${style} multipart [${fields.map(([k]) => k).join(",")}]`, res.status, await res.text());
          }
        }
        // Malformed argument encodings: not a JSON array at all.
        for (const body of ["garbage", '"a string"', '{"a":1}', "42", "", "[", "\u0000"]) {
          const res = await fetch(`${server.url}${page}`, {
            method: "POST",
            headers: {
              origin: server.url,
              cookie: owner.cookie,
              "next-action": id,
              "content-type": "text/plain;charset=UTF-8",
            },
            body,
            redirect: "manual",
          });
          calls++;
          look(`${name} body ${JSON.stringify(body)}`, res.status, await res.text());
        }
      }
      console.log(
        `wider sweep on ${ENGINE}: ${SWEEP_REQUESTS} method/path requests, ${dates.length} dates, ${calls} server-action calls, problems ${problems.length}`,
      );
      expect(problems.slice(0, 40)).toEqual([]);
      // None of it confirmed or declined anything except through the owner's valid calls (the approval is the owner's,
      // so a well-typed confirm may succeed): the money invariants hold either way.
      expect(["pending", "confirmed", "declined"]).toContain(
        (await client.approval.findUniqueOrThrow({ where: { id: approvalId } })).status,
      );
      expect(await findInvariantViolations()).toEqual([]);
    },
  );
});

/** Any method, any path (node:http sends what fetch refuses): status, headers and text of the answer. */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  localAddress?: string,
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve) => {
    const req = http.request(
      `${base}${path}`,
      {
        method,
        localAddress,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", (error) => resolve({ status: 0, headers: {}, text: `no answer: ${error.message}` }));
    req.end(body);
  });
}

/** The server-action ids a page's forms carry, in page order. */
function actionIdsIn(html: string): string[] {
  return [...html.matchAll(/&quot;id&quot;:&quot;([0-9a-f]{40,})&quot;|\$ACTION_ID_([0-9a-f]{40,})/g)].map(
    (m) => m[1] ?? m[2],
  );
}
