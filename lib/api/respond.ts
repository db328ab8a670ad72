import { ApiError, type ErrorCode, ERROR_STATUS } from "@/lib/api/errors";
import { newId } from "@/lib/ids";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Accepts a caller's request id if it is short and plain (so logs can be joined), else makes one. */
export function requestIdFrom(request: Request): string {
  const given = request.headers.get(REQUEST_ID_HEADER);
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : newId("req");
}

export function jsonResponse(body: unknown, status: number, requestId: string, headers: HeadersInit = {}) {
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

export function errorResponse(error: ApiError, requestId: string, headers: HeadersInit = {}) {
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
  return errorResponse(new ApiError("INTERNAL_ERROR", "Something went wrong on our side. Quote the requestId if you contact support."), requestId);
}

export function statusOf(code: ErrorCode) {
  return ERROR_STATUS[code];
}
