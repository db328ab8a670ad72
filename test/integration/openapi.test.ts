import fs from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, inject, it } from "vitest";
import { jsonSchemaOf, openApiDocument } from "@/lib/openapi/document";
import { llmsTxt } from "@/lib/openapi/llms-txt";
import { OPERATIONS } from "@/lib/openapi/routes";
import { api, get, post } from "../support/api";
import { assertDocumentedResponse } from "../support/openapi-responses";

const { tokens, milestones } = inject("fixtures");
const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Served on purpose without being in the document: next-auth's own endpoints (the human's session, not the agent
 * API), the public API's catch-all, which answers 404 for every path the document does not hold, and the MCP
 * server, a JSON-RPC door to these same operations (its tools are lib/mcp/tools.ts; README, decision 0018).
 */
const NOT_DOCUMENTED = new Set(["/api/auth/{...nextauth}", "/api/public/v1/{...path}", "/api/mcp"]);

/** Every route.ts under app/api and app/.well-known, as the path Next serves it (groups dropped, [x] → {x}). */
function routeFiles(): { template: string; file: string }[] {
  const found: { template: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const segments = path
          .relative(path.join(ROOT, "app"), dir)
          .split(path.sep)
          .filter((segment) => !/^\(.*\)$/.test(segment))
          .map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}"));
        found.push({ template: `/${segments.join("/")}`, file: full });
      }
    }
  };
  for (const top of ["api", ".well-known"]) walk(path.join(ROOT, "app", top));
  return found;
}

async function servedOperations() {
  const served = new Map<string, { gates?: unknown }>();
  for (const { template, file } of routeFiles()) {
    if (NOT_DOCUMENTED.has(template)) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const marked = handler as { isMethodNotAllowed?: true; gates?: unknown };
      if (!marked.isMethodNotAllowed) served.set(`${method} ${template}`, marked);
    }
  }
  return served;
}

describe("the OpenAPI document", () => {
  it("passes an independent OpenAPI 3.1 validator (swagger-parser)", async () => {
    const { document } = openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    // validate() dereferences in place: hand it a copy (as served: JSON), never the process's cached document.
    await expect(SwaggerParser.validate(JSON.parse(openApiDocument().text))).resolves.toBeTruthy();
  });

  it("lists exactly the routes app/ serves, method by method", async () => {
    const served = await servedOperations();
    const documented = OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect([...served.keys()].sort()).toEqual([...documented].sort());
  });

  it("holds each agent route's gates as the route itself applies them (withAgent's own)", async () => {
    const served = await servedOperations();
    for (const operation of OPERATIONS) {
      const handler = served.get(`${operation.method} ${operation.path}`);
      if (operation.kind !== "agent") {
        expect(handler?.gates, `${operation.method} ${operation.path} is not a withAgent route`).toBeUndefined();
        continue;
      }
      const { scopes, anyScope, feature, claimed } = (handler?.gates ?? {}) as Record<string, unknown>;
      expect({ scopes, anyScope, feature, claimed }, `${operation.method} ${operation.path}`).toEqual({
        scopes: operation.gates.scopes,
        anyScope: operation.gates.anyScope,
        feature: operation.gates.feature,
        claimed: operation.gates.claimed,
      });
    }
  });

  it("documents every status as its own key with an application/json schema, never 4XX or default", () => {
    const { document } = openApiDocument();
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses: object }>)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(status, `${method} ${template}`).toMatch(/^[1-5]\d\d$/);
          expect(response.content["application/json"].schema, `${method} ${template} ${status}`).toBeTypeOf("object");
        }
      }
    }
  });

  it("names each endpoint's closed list of 409 reasons, and gives every example in the document that validates", () => {
    const { document } = openApiDocument();
    const approve = document.paths["/api/public/v1/milestones/{milestoneId}/approve"].post as Record<string, any>;
    expect(approve["x-conflict-reasons"]).toEqual([
      "contract_ended",
      "milestone_cancelled",
      "milestone_not_funded",
      "milestone_not_releasable",
    ]);
    expect(approve.responses["409"].content["application/json"].schema.properties.details.properties.reason).toEqual({
      type: "string",
      enum: ["contract_ended", "milestone_cancelled", "milestone_not_funded", "milestone_not_releasable"],
    });
    expect(approve.security).toEqual([{ bearer: ["payments:write"] }]);
    expect(approve["x-feature-flag"]).toBe("public_api_payments_write");
    expect(approve["x-claim-required"]).toBe(true);

    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let checked = 0;
    for (const item of Object.values(document.paths) as Record<string, any>[]) {
      for (const operation of Object.values(item)) {
        for (const response of Object.values<any>(operation.responses)) {
          const media = response.content["application/json"];
          for (const example of Object.values<{ value: unknown }>(media.examples ?? {})) {
            const validate = ajv.compile(media.schema);
            expect(validate(example.value), JSON.stringify(validate.errors)).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("every success status has an example (a real answer, scripts/openapi-examples.mjs), validated above", () => {
    const { document } = openApiDocument();
    const missing: string[] = [];
    for (const [route, item] of Object.entries(document.paths) as [string, Record<string, any>][]) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          if (Number(status) >= 300 || route === "/api/public/v1/openapi.json") continue;
          if (!response.content["application/json"].examples) missing.push(`${method} ${route} ${status}`);
        }
      }
    }
    // An operation added since the examples were recorded: run `node scripts/openapi-examples.mjs`.
    expect(missing).toEqual([]);
  });

  it("every parameter's default is a valid value of its own schema (a query parameter's default is a string)", () => {
    const { document } = openApiDocument();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const defaults: string[] = [];
    for (const [route, item] of Object.entries(document.paths) as [string, Record<string, any>][]) {
      for (const [method, operation] of Object.entries(item)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.schema?.default === undefined) continue;
          const { default: value, ...schema } = parameter.schema;
          const validate = ajv.compile(schema);
          expect(validate(value), `${method} ${route} ${parameter.name}: ${JSON.stringify(validate.errors)}`).toBe(
            true,
          );
          defaults.push(`${method} ${route} ${parameter.name}`);
        }
      }
    }
    expect(defaults).toContain("get /api/public/v1/updates wait");
  });

  it("is served at /api/public/v1/openapi.json without a token, built once per process", async () => {
    const first = await get("/openapi.json");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(first.body).toEqual(JSON.parse(JSON.stringify(openApiDocument().document)));
    expect(openApiDocument()).toBe(openApiDocument());
    // A token is not needed, and a bad one changes nothing.
    expect((await api("GET", "/openapi.json", { token: "ot_pat_nope" })).status).toBe(200);
    expect((await api("POST", "/openapi.json")).status).toBe(405);
  });
});

describe("every response is checked against the document", () => {
  it("a drifted field, an extra field or an undocumented status fails the check", async () => {
    const { document } = openApiDocument();
    const created = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    expect(created.status).toBe(202);
    const pathname = `/api/public/v1/milestones/${milestones.activeFunded}/approve`;
    const check = (status: number, body: unknown) =>
      assertDocumentedResponse(document, { method: "POST", pathname, status, body });
    check(202, created.body);
    const { approvalUrl: _url, ...withoutUrl } = created.body.approval;
    expect(() => check(202, { ...created.body, approval: withoutUrl })).toThrow(/approvalUrl/);
    expect(() => check(202, { ...created.body, approval: { ...created.body.approval, secretHash: "x" } })).toThrow(
      /additional/,
    );
    expect(() => check(202, { ...created.body, approval: { ...created.body.approval, status: "done" } })).toThrow(
      /allowed values/,
    );
    expect(() => check(200, created.body)).toThrow(/status 200 is not documented/);
    expect(() =>
      check(409, {
        error: "x",
        code: "CONFLICT",
        requestId: "req_x",
        details: { reason: "not_a_reason_of_this_endpoint" },
      }),
    ).toThrow(/allowed values/);
  });
});

describe("/llms.txt", () => {
  it("states the co-sign rule and the claim flow, lists every registered endpoint, links the document and the page", () => {
    const text = llmsTxt("https://cosign.example.com");
    expect(text).toContain("Show `approval.approvalUrl` to your human");
    expect(text).toContain("POST /api/agent/identity/claim");
    for (const operation of OPERATIONS) expect(text).toContain(`\`${operation.method} ${operation.path}\``);
    expect(text).toContain("(https://cosign.example.com/api/public/v1/openapi.json)");
    expect(text).toContain("(https://cosign.example.com/docs/api)");
  });
});

describe("request schemas are the services' own", () => {
  it("documents the hire body from hireBody: amount in dollars, name and description optional", () => {
    const hire = OPERATIONS.find((operation) => operation.operationId === "requestHire")!;
    expect(jsonSchemaOf(hire.body!, "input")).toMatchObject({
      properties: { milestone: { required: ["amount"], properties: { amount: { type: "number" } } } },
      required: ["milestone"],
    });
  });
});
