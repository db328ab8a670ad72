import "server-only";
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { errorBody, oauthErrorBody } from "@/lib/api/schemas";
import { OAUTH_ERROR_STATUS, type OAuthErrorCode } from "@/lib/agent-auth/oauth-error";
import RECORDED_EXAMPLES from "@/lib/openapi/examples.json";
import { OPERATIONS, TAGS, type Operation } from "@/lib/openapi/routes";

// The OpenAPI 3.1 document, generated from the registry (lib/openapi/routes.ts) with zod's own z.toJSONSchema (its
// default target, JSON Schema 2020-12, is 3.1's dialect). Built once per process: nothing in it depends on the
// request (servers is relative, so the one document fits every host name).

export type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

/** A zod schema as JSON Schema: request sides as the client sends them ("input"), responses as we send them. */
export function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  // unrepresentable "any": a refinement's rule (e.g. "at most 2 decimals") cannot be said in JSON Schema; the field is
  // still documented by its type and bounds.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const json = (schema: JsonSchema, examples?: Record<string, { summary?: string; value: unknown }>) => ({
  "application/json": { schema, ...(examples ? { examples } : {}) },
});

const EXAMPLE_REQUEST_ID = "req_Ab3dEf6hIj9kLm2nOp5q";

/** Every error status an operation can answer, each with its own body (no 4XX or default). */
function errorResponsesOf(operation: Operation): Record<string, unknown> {
  if (operation.kind === "oauth") {
    const byStatus = new Map<number, OAuthErrorCode[]>([
      [400, [...operation.badRequest]],
      [413, ["payload_too_large"]],
      [429, ["rate_limit_exceeded"]],
      [500, ["server_error"]],
    ]);
    return Object.fromEntries(
      [...byStatus].map(([status, codes]) => {
        for (const code of codes) if (OAUTH_ERROR_STATUS[code] !== status) throw new Error(`${code} is not ${status}`);
        return [
          String(status),
          {
            description: codes.join(", "),
            content: json(jsonSchemaOf(oauthErrorBody(codes as [OAuthErrorCode, ...OAuthErrorCode[]]), "output")),
          },
        ];
      }),
    );
  }
  const codes = new Set<ErrorCode>();
  if (operation.kind === "open") {
    if (operation.rateLimited) codes.add("RATE_LIMITED").add("INTERNAL_ERROR");
  } else {
    const { gates } = operation;
    codes.add("UNAUTHORIZED").add("RATE_LIMITED").add("INTERNAL_ERROR");
    if (operation.params || operation.query || operation.body) codes.add("BAD_REQUEST");
    // A body over the limit (or chunked on a path the proxy sees: scripts/serve.mjs) is refused before any handler,
    // whether or not the operation reads one.
    if (operation.body || operation.method !== "GET") codes.add("PAYLOAD_TOO_LARGE");
    if (gates.scopes?.length || gates.anyScope?.length || gates.feature || gates.claimed) codes.add("FORBIDDEN");
    if (operation.params) codes.add("NOT_FOUND");
    if (operation.conflicts) codes.add("CONFLICT");
    for (const code of operation.alsoErrors ?? []) codes.add(code);
  }
  const sorted = [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);
  return Object.fromEntries(
    sorted.map((code) => {
      const conflicts = code === "CONFLICT" && operation.kind === "agent" ? operation.conflicts : undefined;
      const examples = conflicts
        ? Object.fromEntries(
            conflicts.map((reason) => [
              reason,
              {
                value: { error: "…", code, requestId: EXAMPLE_REQUEST_ID, details: { reason } },
              },
            ]),
          )
        : undefined;
      return [
        String(ERROR_STATUS[code]),
        {
          description: conflicts ? `${code}: details.reason is one of ${conflicts.join(", ")}` : code,
          content: json(jsonSchemaOf(errorBody(code, conflicts), "output"), examples),
        },
      ];
    }),
  );
}

function parametersOf(operation: Operation) {
  const parameters: Record<string, unknown>[] = [];
  for (const [where, shape] of [
    ["path", operation.params],
    ["query", operation.query],
  ] as const) {
    if (!shape) continue;
    const object = jsonSchemaOf(z.object(shape), "input") as {
      properties: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(object.properties)) {
      parameters.push({ name, in: where, required: where === "path" || !!object.required?.includes(name), schema });
    }
  }
  return parameters;
}

function gateWords(operation: Operation): string[] {
  if (operation.kind !== "agent") return [];
  const { gates } = operation;
  const words: string[] = [];
  if (gates.scopes?.length) words.push(`Scopes: ${gates.scopes.join(", ")}.`);
  if (gates.anyScope?.length) words.push(`Any one of the scopes: ${gates.anyScope.join(", ")}.`);
  if (gates.feature) words.push(`Feature flag: ${gates.feature}.`);
  if (gates.claimed) words.push("The account must be claimed by a human.");
  return words;
}

function operationObject(operation: Operation) {
  const success = Object.fromEntries(
    Object.entries(operation.responses).map(([status, schema]) => {
      // Written in the registry, or else a real answer the integration suites received (scripts/openapi-examples.mjs).
      const example =
        operation.examples?.[Number(status)] ??
        (RECORDED_EXAMPLES as Record<string, unknown>)[`${operation.method} ${operation.path} ${status}`];
      return [
        status,
        {
          description: Number(status) === 202 ? "Accepted: a pending approval; no money has moved." : "OK",
          content: json(jsonSchemaOf(schema, "output"), example ? { example: { value: example } } : undefined),
        },
      ];
    }),
  );
  const gates = operation.kind === "agent" ? operation.gates : undefined;
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: [operation.description, ...gateWords(operation)].filter(Boolean).join("\n\n") || undefined,
    ...(operation.kind === "agent"
      ? { security: [{ bearer: [...(gates?.scopes ?? gates?.anyScope ?? [])] }] }
      : { security: [] }),
    ...(gates
      ? {
          "x-scopes": gates.scopes ?? [],
          ...(gates.anyScope ? { "x-any-scope": gates.anyScope } : {}),
          "x-feature-flag": gates.feature ?? null,
          "x-claim-required": gates.claimed ?? false,
          ...(operation.kind === "agent" && operation.conflicts ? { "x-conflict-reasons": operation.conflicts } : {}),
        }
      : {}),
    parameters: parametersOf(operation),
    ...(operation.body
      ? {
          requestBody: {
            required: ((jsonSchemaOf(operation.body, "input").required as string[] | undefined) ?? []).length > 0,
            content: {
              [operation.kind === "oauth" && operation.bodyType === "form"
                ? "application/x-www-form-urlencoded"
                : "application/json"]: { schema: jsonSchemaOf(operation.body, "input") },
            },
          },
        }
      : {}),
    responses: { ...success, ...errorResponsesOf(operation) },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const item = (paths[operation.path] ??= {});
    const key = operation.method.toLowerCase();
    if (item[key]) throw new Error(`${operation.method} ${operation.path} is registered twice`);
    item[key] = operationObject(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Co-sign payments API",
      version: "1.0.0",
      summary: "Payments requested by AI agents and co-signed by a human.",
      description:
        "Money never moves because of an API call alone. A money request records a pending approval and answers 202 with an approvalUrl: show it to your human, who signs in, reviews and confirms or declines. Only that confirmation executes, atomically and exactly once. Poll GET /api/public/v1/approvals/{approvalId} or GET /api/public/v1/updates for the outcome.",
    },
    servers: [{ url: "/", description: "This deployment" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "ot_pat_<publicId>_<secret>",
          description: "A personal API token. Register at POST /api/agent/identity, or have a human mint one.",
        },
      },
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let cached: { document: OpenApiDocument; text: string } | undefined;

/** The document and its JSON text, built on first use and kept for the life of the process. */
export function openApiDocument() {
  cached ??= (() => {
    const document = buildOpenApiDocument();
    return { document, text: JSON.stringify(document) };
  })();
  return cached;
}
