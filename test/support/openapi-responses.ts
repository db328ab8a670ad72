// Every JSON response the integration and e2e suites receive is held against the OpenAPI document: its
// path + method + status must be documented, and its body must validate against that response's schema (every
// object is closed, so a drifted or extra field fails). Used by test/support/api.ts, test/support/agent-api.ts and
// e2e/support/state.ts.
import fs from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

/** An OpenAPI document: the generated one in-process, or the one the e2e server serves. */
type Document = { paths: Record<string, object> };
type OperationObject = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

type Compiled = {
  routes: { template: string; pattern: RegExp; literals: number }[];
  validators: Map<string, ValidateFunction>;
};
const compiledDocuments = new WeakMap<Document, Compiled>();

function compile(document: Document): Compiled {
  let compiled = compiledDocuments.get(document);
  if (!compiled) {
    const routes = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
      // A literal segment wins over a parameter where both match (/tokens/{tokenId} against a future /tokens/mine).
      literals: template.split("/").filter((segment) => !segment.startsWith("{")).length,
    }));
    routes.sort((a, b) => b.literals - a.literals);
    compiled = { routes, validators: new Map() };
    compiledDocuments.set(document, compiled);
  }
  return compiled;
}

// Formats are spelled out by zod as patterns; the rest (email, uri) are not checked here.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

/** The documented template a concrete path falls under, or undefined. */
export function templateOf(document: Document, pathname: string): string | undefined {
  return compile(document).routes.find((route) => route.pattern.test(pathname))?.template;
}

/**
 * Throws, naming the path, method, status and every schema error, unless the response is the one documented.
 * Paths the document does not hold (the catch-all's 404, next-auth's routes) and methods a path does not serve
 * (405) are not operations: they are only required to carry an error body.
 */
export function assertDocumentedResponse(
  document: Document,
  response: { method: string; pathname: string; status: number; body: unknown },
) {
  const { method, pathname, status, body } = response;
  const where = `${method} ${pathname} → ${status}`;
  const template = templateOf(document, pathname);
  const operation = template
    ? (document.paths[template] as Record<string, OperationObject | undefined>)[method.toLowerCase()]
    : undefined;
  if (!template || !operation) {
    if (!pathname.startsWith("/api/public/v1/") && !pathname.startsWith("/api/agent/")) return;
    // The public API's catch-all is a tokenless door: limited per address, so it may answer 429 too.
    const expected = template ? [405] : pathname.startsWith("/api/public/v1/") ? [404, 429] : [404];
    if (!expected.includes(status) || typeof (body as { error?: unknown } | null)?.error !== "string")
      throw new Error(
        `${where}: not in the OpenAPI document, so it must be a ${expected.join(" or ")} with an error body`,
      );
    return;
  }
  const documented = operation.responses[String(status)];
  if (!documented) throw new Error(`${where}: status ${status} is not documented for ${method} ${template}`);
  const schema = documented.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${where}: no application/json schema documented`);
  const key = `${method} ${template} ${status}`;
  const { validators } = compile(document);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  if (!validate(body)) {
    const errors = (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
    );
    throw new Error(
      `${where}: the body does not match the OpenAPI document:\n  ${errors.join("\n  ")}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
  // `node scripts/openapi-examples.mjs` runs the integration suites with this set and turns what they received into
  // the document's success examples (lib/openapi/examples.json): real answers, each validated just above.
  const examplesOut = process.env.OPENAPI_EXAMPLES_OUT;
  if (examplesOut && status >= 200 && status < 300)
    fs.appendFileSync(
      examplesOut,
      `${JSON.stringify({ key: `${method.toUpperCase()} ${template} ${status}`, body })}\n`,
    );
}
