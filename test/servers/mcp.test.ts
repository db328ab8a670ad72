import fs from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toolNamesFor } from "@/lib/mcp/server";
import { dropDatabase } from "../support/databases";
import {
  freePort,
  hiddenFields,
  postActionForm,
  prepareServerDatabase,
  readActionForm,
  signInSession,
  TestServer,
  type DemoFixtures,
} from "../support/server";
import { startSmtpInbox } from "../support/smtp-inbox";

// The MCP server as an agent meets it: the official SDK's client, over Streamable HTTP (POST /api/mcp on the
// production build) and over stdio (the package's bin, which calls that server over HTTP), asks for a release,
// waits with opentrain_wait_for_approval while a human confirms on the approval page, and sees it confirmed; the
// gates answer through MCP exactly as over HTTP.
const ROOT = path.resolve(import.meta.dirname, "../..");
/** The package's own bin (package.json), what `npx /path/to/checkout` runs. */
const BIN = path.join(
  ROOT,
  (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin[
    "cosign-mcp"
  ],
);

let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;
let mailer: Awaited<ReturnType<typeof startSmtpInbox>>;
const clients: Client[] = [];

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_mcp_${process.pid}`));
  mailer = await startSmtpInbox();
  const port = await freePort();
  // A production build mails the claim link only on its configured origin (APP_URL), never a request's Host.
  server = new TestServer(databaseUrl, port, { SMTP_URL: mailer.url, APP_URL: `http://127.0.0.1:${port}` });
  await server.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server?.stop();
  await mailer?.close();
  await dropDatabase(databaseUrl);
});

type Door = "http" | "stdio";
type Elicited = { mode?: string; url?: string; message?: string };

/**
 * A connected SDK client. With `elicitation`, it declares those elicitation modes and records every prompt it is
 * sent (a client declaring only "form" must never be sent a URL prompt).
 */
async function connect(
  door: Door,
  token: string | undefined,
  elicitation?: { modes: ("form" | "url")[]; seen: Elicited[] },
  /** Over stdio: the deployment the bin calls (default: the test server). */
  baseUrl = server.url,
): Promise<Client> {
  const capabilities: ClientCapabilities = elicitation
    ? { elicitation: Object.fromEntries(elicitation.modes.map((mode) => [mode, {}])) }
    : {};
  const client = new Client({ name: "cosign-test", version: "1.0.0" }, { capabilities });
  if (elicitation)
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitation.seen.push(request.params);
      return { action: "accept" };
    });
  const transport =
    door === "http"
      ? new StreamableHTTPClientTransport(new URL("/api/mcp", server.url), {
          requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} },
        })
      : new StdioClientTransport({
          command: process.execPath,
          args: [BIN],
          env: {
            PATH: process.env.PATH ?? "",
            OPENTRAIN_API_BASE_URL: baseUrl,
            OPENTRAIN_PERSONAL_API_TOKEN: token ?? "",
          },
          stderr: "ignore",
        });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** The same call over plain HTTP, for comparison. */
async function overHttp(method: string, pathAndQuery: string, token?: string) {
  const res = await fetch(`${server.url}/api/public/v1${pathAndQuery}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const byNameHas = (tools: { name: string }[], name: string) => tools.some((tool) => tool.name === name);
const withoutRequestId = ({ requestId: _id, ...body }: Record<string, unknown>) => body;
const textOf = (result: Awaited<ReturnType<Client["callTool"]>>) =>
  (result.content as { type: string; text: string }[]).map((part) => part.text).join("\n");

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A human confirms on the approval page, as a browser without JavaScript posts its Confirm form. */
async function humanConfirms(approvalId: string) {
  const owner = fixtures.humans[0];
  const { cookie } = await signInSession(server.url, owner.email, owner.password);
  const fields = await readActionForm(server.url, cookie, approvalId, "confirm");
  expect(fields).not.toBeNull();
  const res = await postActionForm(server.url, `/approvals/${approvalId}`, fields!, { cookie, origin: server.url });
  expect(res.status).toBeLessThan(400);
}

// Each door releases its own funded milestone.
const MILESTONE: Record<Door, string> = { http: "ms_acme_pairs_1", stdio: "ms_acme_pairs_3" };

describe.each<Door>(["http", "stdio"])("over %s", (door) => {
  it("lists one tool per endpoint, OpenTrain's names, the API's field names", async () => {
    const client = await connect(door, fixtures.tokens.full);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(toolNamesFor(door));
    // The tokenless identity tools only where an agent can connect without a token.
    expect(byNameHas(tools, "opentrain_register_agent")).toBe(door === "stdio");
    expect(byNameHas(tools, "opentrain_wait_for_claim")).toBe(door === "stdio");
    if (door === "http")
      await expect(client.callTool({ name: "opentrain_register_agent", arguments: {} })).rejects.toThrow(
        "Unknown tool: opentrain_register_agent",
      );
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of [
      "opentrain_request_milestone_approval",
      "opentrain_request_milestone_funding",
      "opentrain_get_approval",
      "opentrain_poll_updates",
      "opentrain_hire_proposal",
      "opentrain_wait_for_approval",
    ])
      expect(byName.has(name), name).toBe(true);
    expect(byName.get("opentrain_request_milestone_approval")!.inputSchema).toMatchObject({
      type: "object",
      properties: { milestoneId: { type: "string" } },
      required: ["milestoneId"],
    });
    expect(Object.keys(byName.get("opentrain_poll_updates")!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["cursor", "limit"]),
    );
    expect(byName.get("opentrain_get_approval")!.annotations?.readOnlyHint).toBe(true);
  });

  it("requests a release (result names the approvalUrl), waits while a human confirms, sees confirmed", async () => {
    const client = await connect(door, fixtures.tokens.full);
    const asked = await client.callTool({
      name: "opentrain_request_milestone_approval",
      arguments: { milestoneId: MILESTONE[door] },
    });
    expect(asked.isError).toBeFalsy();
    const { approval } = asked.structuredContent as { approval: { id: string; status: string; approvalUrl: string } };
    expect(approval.status).toBe("pending");
    expect(approval.approvalUrl).toBe(`${server.url}/approvals/${approval.id}`);
    expect(textOf(asked)).toContain("Nothing has moved yet");
    expect(textOf(asked)).toContain(
      `Show this link to your human; a signed-in human must open it and confirm before any money moves: ${approval.approvalUrl}`,
    );

    // A client without URL elicitation (form only): the wait ends at its timeout, still pending, and it is never
    // prompted.
    const formOnly: Elicited[] = [];
    const plain = await connect(door, fixtures.tokens.full, { modes: ["form"], seen: formOnly });
    const brief = await plain.callTool({
      name: "opentrain_wait_for_approval",
      arguments: { approvalId: approval.id, timeoutSeconds: 1 },
    });
    expect(brief.isError).toBeFalsy();
    expect(brief.structuredContent).toMatchObject({ isFinal: false, approval: { id: approval.id, status: "pending" } });
    expect(textOf(brief)).toContain(approval.approvalUrl);
    expect(formOnly).toEqual([]);

    // A client with URL elicitation waits, is offered the approval link, hears progress, and sees the outcome.
    const elicited: Elicited[] = [];
    const waiter = await connect(door, fixtures.tokens.full, { modes: ["url"], seen: elicited });
    const progress: string[] = [];
    const waiting = waiter.callTool(
      { name: "opentrain_wait_for_approval", arguments: { approvalId: approval.id, timeoutSeconds: 120 } },
      undefined,
      { onprogress: (p) => progress.push(String(p.message)), resetTimeoutOnProgress: true, timeout: 150_000 },
    );
    await until(() => progress.length > 0, "the first progress notification");
    expect(progress[0]).toContain(approval.approvalUrl);
    await until(() => elicited.length > 0, "the URL elicitation");
    expect(elicited).toEqual([expect.objectContaining({ mode: "url", url: approval.approvalUrl })]);

    await humanConfirms(approval.id);
    const waited = await waiting;
    expect(waited.isError).toBeFalsy();
    expect(waited.structuredContent).toMatchObject({
      isFinal: true,
      approval: { id: approval.id, status: "confirmed", result: { invoiceId: expect.stringMatching(/^inv_/) } },
    });
    expect(textOf(waited)).toContain("confirmed");
    const polled = await overHttp("GET", `/approvals/${approval.id}`, fixtures.tokens.full);
    expect(polled.body.approval).toMatchObject({ status: "confirmed" });
  });

  it("a token without payments:write gets the same 403 through MCP as over HTTP", async () => {
    const token = fixtures.tokens.noPaymentsWrite;
    const client = await connect(door, token);
    const result = await client.callTool({
      name: "opentrain_request_milestone_approval",
      arguments: { milestoneId: fixtures.milestones.activeFunded },
    });
    const direct = await overHttp("POST", `/milestones/${fixtures.milestones.activeFunded}/approve`, token);
    expect(direct.status).toBe(403);
    expect(result.isError).toBe(true);
    expect(withoutRequestId(result.structuredContent as Record<string, unknown>)).toEqual(
      withoutRequestId(direct.body),
    );
    expect(direct.body).toMatchObject({ code: "FORBIDDEN", details: { requiredScopes: ["payments:write"] } });
    expect(textOf(result)).toContain("403 FORBIDDEN");
  });

  it("a malformed id gets the API's own 400 body, an unknown one its 404", async () => {
    const client = await connect(door, fixtures.tokens.full);
    const bad = await client.callTool({
      name: "opentrain_get_approval",
      arguments: { approvalId: "no spaces/allowed" },
    });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({ code: "BAD_REQUEST", details: { field: "approvalId" } });
    const missing = await client.callTool({ name: "opentrain_get_approval", arguments: { approvalId: "apr_nope" } });
    expect(missing.structuredContent).toMatchObject({
      code: "NOT_FOUND",
      details: { resource: "approvals", approvalId: "apr_nope" },
    });
  });
});

it("over HTTP, no token is the API's 401: the same body, before any MCP", async () => {
  const initialize = {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  };
  const res = await fetch(`${server.url}/api/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify(initialize),
  });
  const direct = await overHttp("GET", "/auth/me");
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  expect(withoutRequestId((await res.json()) as Record<string, unknown>)).toEqual(withoutRequestId(direct.body));
  await expect(connect("http", undefined)).rejects.toMatchObject({
    code: 401,
    message: expect.stringContaining("UNAUTHORIZED"),
  });
});

it("over stdio, no token: every tool that needs one answers the API's 401 as an isError result", async () => {
  const client = await connect("stdio", undefined);
  const result = await client.callTool({ name: "opentrain_auth_status", arguments: {} });
  const direct = await overHttp("GET", "/auth/me");
  expect(direct.status).toBe(401);
  expect(result.isError).toBe(true);
  expect(withoutRequestId(result.structuredContent as Record<string, unknown>)).toEqual(withoutRequestId(direct.body));
});

it("over stdio, an API it cannot reach: every tool, both waits too, answers isError with an error body, not a protocol error", async () => {
  // A port that a server was just given and closed again: connection refused.
  const closed = `http://127.0.0.1:${await freePort()}`;
  const client = await connect("stdio", fixtures.tokens.full, undefined, closed);
  const calls: [string, Record<string, unknown>][] = [
    ["opentrain_get_approval", { approvalId: "apr_missing" }],
    ["opentrain_poll_updates", {}],
    ["opentrain_wait_for_approval", { approvalId: "apr_missing", timeoutSeconds: 5 }],
    ["opentrain_wait_for_claim", { claim_token: "ot_clm_nope", timeoutSeconds: 5 }],
  ];
  for (const [name, args] of calls) {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError, name).toBe(true);
    const body = result.structuredContent as Record<string, unknown>;
    expect(body, name).toEqual({
      error: expect.stringMatching(new RegExp(`^Could not reach the API at ${closed}: .*ECONNREFUSED`)),
      code: "INTERNAL_ERROR",
      requestId: expect.stringMatching(/^req_[0-9A-Za-z]{20}$/),
      details: { reason: "api_unreachable", baseUrl: closed, cause: expect.stringContaining("ECONNREFUSED") },
    });
    expect(textOf(result), name).toContain(
      `No answer from the API INTERNAL_ERROR: Could not reach the API at ${closed}`,
    );
  }
  // A call the server refuses before any API call: its 400 body has a requestId too (contract §1).
  const unbuilt = await client.callTool({ name: "opentrain_get_approval", arguments: { approvalId: "" } });
  expect(unbuilt).toMatchObject({
    isError: true,
    structuredContent: {
      code: "BAD_REQUEST",
      requestId: expect.stringMatching(/^req_[0-9A-Za-z]{20}$/),
      details: { field: "approvalId" },
    },
  });
});

it("over HTTP, a body over the limit is the API's 413", async () => {
  const res = await fetch(`${server.url}/api/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${fixtures.tokens.full}`, "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(70_000) } }),
  });
  expect(res.status).toBe(413);
  expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { limitBytes: 65536 } });
});

/** The human's half of the claim on the page, as a browser without JavaScript posts the code form. */
async function humanClaims(verificationUri: string, code: string, human: { email: string; password: string }) {
  const { cookie } = await signInSession(server.url, human.email, human.password);
  const html = await (await fetch(verificationUri, { headers: { cookie } })).text();
  const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
    .map((m) => m[1])
    .find((f) => f.includes('name="code"'));
  expect(form).toBeDefined();
  const fields = new FormData();
  for (const [name, value] of hiddenFields(form!)) fields.append(name, value);
  fields.append("code", code);
  const res = await fetch(verificationUri, {
    method: "POST",
    body: fields,
    headers: { cookie, origin: server.url },
    redirect: "manual",
  });
  expect(res.status).toBeLessThan(400);
}

it("over stdio with no token: registers, starts the claim, waits while a human claims, gets the post-claim token", async () => {
  const client = await connect("stdio", undefined);
  const registered = await client.callTool({
    name: "opentrain_register_agent",
    arguments: { agent_name: "mcp agent" },
  });
  expect(registered.isError).toBeFalsy();
  const identity = registered.structuredContent as { access_token: string; claim_token: string; scopes: string[] };
  expect(identity).toMatchObject({
    identity_type: "anonymous",
    access_token: expect.stringMatching(/^ot_pat_/),
    claim_token: expect.stringMatching(/^ot_clm_/),
  });
  expect(identity.scopes).not.toContain("payments:write");
  expect(textOf(registered)).toContain("opentrain_start_claim");

  const human = fixtures.humans[0];
  const started = await client.callTool({
    name: "opentrain_start_claim",
    arguments: { claim_token: identity.claim_token, email: human.email.toUpperCase() },
  });
  expect(started.isError).toBeFalsy();
  const claim = started.structuredContent as { user_code: string; verification_uri: string; interval: number };
  expect(claim).toMatchObject({ user_code: expect.stringMatching(/^\d{6}$/), interval: 5, email_sent: true });
  expect(claim.verification_uri).toMatch(new RegExp(`^${server.url}/claim\\?attempt=ot_cat_`));
  const words = textOf(started);
  expect(words).toContain(
    `Give your human this link and this code:\n  link: ${claim.verification_uri}\n  code: ${claim.user_code}`,
  );
  expect(words).toContain(`They must sign in (or sign up) with exactly the email ${human.email.toLowerCase()}`);
  const mail = await mailer.nextTo(human.email.toLowerCase());
  expect(mail.raw).not.toContain(claim.user_code);

  // One poll by hand: OAuth's errors arrive as isError results carrying the OAuth body.
  const early = await client.callTool({
    name: "opentrain_exchange_claim",
    arguments: { claim_token: identity.claim_token },
  });
  expect(early.isError).toBe(true);
  expect(withoutRequestId(early.structuredContent as Record<string, unknown>)).toEqual({
    error: "authorization_pending",
    error_description: "No human has claimed this account yet.",
  });
  expect(textOf(early)).toContain("400 authorization_pending");
  const unknown = await client.callTool({
    name: "opentrain_exchange_claim",
    arguments: { claim_token: "ot_clm_nope" },
  });
  expect(unknown).toMatchObject({ isError: true, structuredContent: { error: "invalid_grant" } });

  // The wait polls at the interval (its first poll, right after that one, is slow_down: it backs off), reports
  // progress, and answers the token once the human has typed the code.
  const progress: string[] = [];
  const waiting = client.callTool(
    { name: "opentrain_wait_for_claim", arguments: { claim_token: identity.claim_token, timeoutSeconds: 120 } },
    undefined,
    { onprogress: (p) => progress.push(String(p.message)), resetTimeoutOnProgress: true, timeout: 150_000 },
  );
  await until(() => progress.length > 0, "the first progress notification");
  expect(progress[0]).toContain("slow_down");
  await humanClaims(claim.verification_uri, claim.user_code, human);
  const waited = await waiting;
  expect(waited.isError).toBeFalsy();
  const claimed = waited.structuredContent as { claimed: boolean; access_token: string; scopes: string[] };
  expect(claimed).toMatchObject({
    claimed: true,
    token_type: "bearer",
    access_token: expect.stringMatching(/^ot_pat_/),
  });
  expect(claimed.scopes).toContain("team:write");

  // The post-claim token works; the pre-claim one is revoked; the revoke tool ends the post-claim one.
  expect((await overHttp("GET", "/auth/me", claimed.access_token)).status).toBe(200);
  expect((await overHttp("GET", "/auth/me", identity.access_token)).status).toBe(401);
  const revoked = await client.callTool({
    name: "opentrain_revoke_agent_token",
    arguments: { token: claimed.access_token },
  });
  expect(revoked).toMatchObject({ structuredContent: {} });
  expect(revoked.isError).toBeFalsy();
  expect((await overHttp("GET", "/auth/me", claimed.access_token)).status).toBe(401);
});
