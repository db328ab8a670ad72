import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import { assertDocumentedResponse } from "../../test/support/openapi-responses";

// What the e2e server script left for the tests: the seed's fixtures, its database, and the test clock's file.
const STATE_DIR = path.join(import.meta.dirname, "..", "..", "test-results", "e2e-state");

export type Fixtures = {
  humans: { email: string; password: string; accountId: string; role: "OWNER" | "MEMBER" }[];
  tokens: Record<"full" | "noPaymentsWrite" | "unclaimed" | "featureOff" | "otherAccount", string>;
  milestones: Record<
    "activeFunded" | "notFunded" | "completed" | "cancelled" | "onEndedContract" | "otherAccount",
    string
  >;
  contracts: Record<"active" | "ended" | "unfunded", string>;
  proposals: Record<"open" | "openSecond" | "otherAccount", string>;
};

export function fixtures(): Fixtures {
  return JSON.parse(fs.readFileSync(path.join(STATE_DIR, "fixtures.json"), "utf8"));
}

/** Moves the server's clock (it adds this offset to the system time on every read). */
export function setServerClockOffset(ms: number) {
  fs.writeFileSync(path.join(STATE_DIR, "clock-offset-ms"), String(ms));
}

/** One value read straight from the server's database (first column of the first row). */
async function queryValue(sql: { pg: string; sqlite: string }, param: string): Promise<unknown> {
  const url = fs.readFileSync(path.join(STATE_DIR, "database-url"), "utf8");
  if (url.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query({ text: sql.pg, values: [param], rowMode: "array" });
      return res.rows[0]?.[0];
    } finally {
      await client.end();
    }
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    return (db.prepare(sql.sqlite).raw().get(param) as unknown[] | undefined)?.[0];
  } finally {
    db.close();
  }
}

/** An approval's status in the database, without going through any endpoint (reads would expire it themselves). */
export async function approvalStatusInDatabase(id: string) {
  return queryValue(
    { pg: 'SELECT status::text FROM "Approval" WHERE id = $1', sqlite: 'SELECT status FROM "Approval" WHERE id = ?' },
    id,
  );
}

/** A ledger balance read straight from the server's database — what the money really is, not what a page says. */
export async function ledgerBalance(key: string): Promise<number> {
  const url = fs.readFileSync(path.join(STATE_DIR, "database-url"), "utf8");
  if (url.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query('SELECT "balanceCents" FROM "LedgerAccount" WHERE key = $1', [key]);
      return Number(res.rows[0]?.balanceCents ?? 0);
    } finally {
      await client.end();
    }
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    const row = db.prepare('SELECT "balanceCents" AS b FROM "LedgerAccount" WHERE key = ?').get(key) as
      { b: number } | undefined;
    return Number(row?.b ?? 0);
  } finally {
    db.close();
  }
}

/**
 * A job of the account's with one proposal from a seeded trainer: what the marketplace (OpenTrain, where trainers
 * apply) delivers. This app has no endpoint or page that creates either, so a new account's first proposal is
 * written here the way the marketplace's import would; everything after it (hire, fund, confirm) is the app's own.
 */
export async function marketplaceProposal(accountId: string, title: string): Promise<string> {
  const suffix = `${Date.now()}`;
  const jobId = `job_e2e_${suffix}`;
  const proposalId = `prop_e2e_${suffix}`;
  const url = fs.readFileSync(path.join(STATE_DIR, "database-url"), "utf8");
  const at = new Date();
  const job = [jobId, accountId, title, "Posted on the marketplace."];
  const proposal = [proposalId, jobId, "fl_maria", "UNREVIEWED", "I have done this before.", 30_000];
  if (url.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        'INSERT INTO "Job" (id, "accountId", title, description, "createdAt") VALUES ($1, $2, $3, $4, $5)',
        [...job, at],
      );
      await client.query(
        'INSERT INTO "Proposal" (id, "jobId", "freelancerId", status, "coverLetter", "rateCents", "createdAt") ' +
          'VALUES ($1, $2, $3, $4::"ProposalStatus", $5, $6, $7)',
        [...proposal, at],
      );
    } finally {
      await client.end();
    }
    return proposalId;
  }
  // Prisma's SQLite DateTime text (lib/db/direct.ts).
  const stamp = at.toISOString().replace("Z", "+00:00");
  const db = new Database(url.replace(/^file:/, ""));
  try {
    db.pragma("busy_timeout = 5000");
    db.transaction(() => {
      db.prepare('INSERT INTO "Job" (id, "accountId", title, description, "createdAt") VALUES (?, ?, ?, ?, ?)').run(
        ...job,
        stamp,
      );
      db.prepare(
        'INSERT INTO "Proposal" (id, "jobId", "freelancerId", status, "coverLetter", "rateCents", "createdAt") ' +
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(...proposal, stamp);
    })();
  } finally {
    db.close();
  }
  return proposalId;
}

let servedDocument: Promise<{ paths: Record<string, object> }> | undefined;

/**
 * Holds an API response against the OpenAPI document this server serves (fetched once per worker): its status must be
 * documented for the path and method, and its JSON body must match that response's schema. Returns the response.
 */
export async function documented(request: APIRequestContext, method: string, response: APIResponse) {
  servedDocument ??= request.get("/api/public/v1/openapi.json").then(async (res) => {
    expect(res.status(), "GET /api/public/v1/openapi.json").toBe(200);
    const served = await res.json();
    // The document's own answer is one of its operations too.
    assertDocumentedResponse(served, {
      method: "GET",
      pathname: "/api/public/v1/openapi.json",
      status: 200,
      body: served,
    });
    return served;
  });
  const isJson = (response.headers()["content-type"] ?? "").includes("application/json");
  assertDocumentedResponse(await servedDocument, {
    method,
    pathname: new URL(response.url()).pathname,
    status: response.status(),
    body: isJson ? await response.json() : null,
  });
  return response;
}

/** The agent API with a token; every answer is checked against the OpenAPI document. */
export function agent(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return {
    post: async (path: string, data?: unknown) =>
      documented(request, "POST", await request.post(`/api/public/v1${path}`, { headers, data })),
    get: async (path: string) => documented(request, "GET", await request.get(`/api/public/v1${path}`, { headers })),
  };
}

/**
 * Signs a human in without the form: next-auth's own CSRF token + credentials callback, through the page's
 * request context so the session cookie lands in the browser. (One test clicks through the real form instead.)
 */
export async function signInQuickly(page: Page, email: string, password: string) {
  const csrf = await (await page.request.get("/api/auth/csrf")).json();
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: "/approvals" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(true);
}
