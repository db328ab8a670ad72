import { ApiError } from "@/lib/api/errors";
import { newId } from "@/lib/ids";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Accepts a caller's request id if it is short and plain (so logs can be joined), else makes one. */
export function requestIdFrom(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : newId("req");
}

/** A body already serialized as JSON, sent as is (the feed splices stored JSON instead of re-parsing it). */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * A body serialized as JSON once it is known: the status and headers go out now, the body when `text` resolves (a
 * held long poll: what is left to do at its wake is one write, not a whole response through Next). `text` must not
 * reject.
 */
export class JsonTextLater {
  constructor(readonly text: Promise<string>) {}
}

function bodyOf(body: unknown): BodyInit {
  if (body instanceof JsonText) return body.text;
  if (body instanceof JsonTextLater) {
    const later = body.text;
    return new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(await later));
        controller.close();
      },
    });
  }
  return JSON.stringify(body);
}

export function jsonResponse(body: unknown, status: number, requestId: string, headers: Record<string, string> = {}) {
  return new Response(bodyOf(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
      [REQUEST_ID_HEADER]: requestId,
    },
  });
}

export function errorResponse(error: ApiError, requestId: string, headers: Record<string, string> = {}) {
  return jsonResponse(
    { error: error.message, code: error.code, requestId, details: error.details },
    error.status,
    requestId,
    headers,
  );
}

/** Anything that is not an ApiError is our bug: log it with the request id, answer without internals. */
export function unexpectedErrorResponse(error: unknown, requestId: string) {
  console.error(`[${requestId}] unhandled error`, error);
  return errorResponse(
    new ApiError("INTERNAL_ERROR", "Something went wrong on our side. Quote the requestId if you contact support."),
    requestId,
  );
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type MethodHandler = (request: Request) => Promise<Response>;

/**
 * Handlers for every method a route does not serve, so a wrong method gets the error body and an Allow header
 * instead of Next's empty 405. Usage: `export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");`
 */
export function otherMethods(...allowed: Method[]): Record<Method, MethodHandler> {
  const answer: MethodHandler = async (request) =>
    errorResponse(
      new ApiError("METHOD_NOT_ALLOWED", `Use ${allowed.join(" or ")} on this endpoint.`, { allowed }),
      requestIdFrom(request),
      {
        Allow: allowed.join(", "),
      },
    );
  // Marked, so the test that walks app/ against the OpenAPI document tells a served method from a 405.
  const handler: MethodHandler = Object.assign(answer, { isMethodNotAllowed: true as const });
  return Object.fromEntries(METHODS.map((m) => [m, handler])) as Record<Method, MethodHandler>;
}
