import "server-only";
import { z } from "zod";
import { ApiError, badRequest } from "@/lib/api/errors";
import { BODY_LIMIT_BYTES, readBodyWithin, TOO_LARGE } from "@/lib/http/read-body";

export { resourceId } from "@/lib/api/resource-id";

// Shapes are module constants; their compiled object schemas are built once, not on every request.
const compiled = new WeakMap<z.ZodRawShape, z.ZodObject>();
function objectOf<T extends z.ZodRawShape>(shape: T): z.ZodObject<T> {
  let schema = compiled.get(shape);
  if (!schema) {
    schema = z.object(shape);
    compiled.set(shape, schema);
  }
  return schema as z.ZodObject<T>;
}

export type ParsedParams<T extends z.ZodRawShape> = z.infer<z.ZodObject<T>>;

/**
 * The route's path params, or the 400 they deserve — returned, not thrown: withAgent parses them before the gates
 * (so nothing malformed reaches a query) and raises the 400 only after them, in the contract's order.
 */
export function checkParams<T extends z.ZodRawShape>(
  shape: T,
  params: unknown,
): { ok: true; data: ParsedParams<T> } | { ok: false; error: ApiError } {
  const result = objectOf(shape).safeParse(params);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, error: issueError(result.error, "Malformed path parameter") };
}

export function parseQuery<T extends z.ZodRawShape>(shape: T, request: Request): z.infer<z.ZodObject<T>> {
  const url = new URL(request.url);
  const values: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = url.searchParams.get(key);
    if (value !== null) values[key] = value;
  }
  return parseWith(objectOf(shape), values, "Invalid query parameter");
}

/** Reads a JSON object body. Empty bodies read as `{}` so optional-only schemas accept them. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: Awaited<ReturnType<typeof readBodyWithin>>;
  try {
    body = await readBodyWithin(request);
  } catch {
    throw badRequest("body", "The request body could not be read.");
  }
  if (body === TOO_LARGE)
    throw new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.", { limitBytes: BODY_LIMIT_BYTES });
  const text = new TextDecoder().decode(body);
  let data: unknown = {};
  if (text.trim() !== "") {
    try {
      data = JSON.parse(text);
    } catch {
      throw badRequest("body", "The request body is not valid JSON.");
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw badRequest("body", "The request body must be a JSON object.");
  }
  return parseWith(schema, data, "Invalid field");
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw issueError(result.error, prefix);
}

function issueError(error: z.ZodError, prefix: string): ApiError {
  const issue = error.issues[0];
  const field = issue.path.map(String).join(".") || "body";
  return badRequest(field, `${prefix} "${field}": ${issue.message}`);
}
