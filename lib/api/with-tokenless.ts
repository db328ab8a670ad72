import "server-only";
import { ApiError } from "@/lib/api/errors";
import { consumeTokenlessCall, rateLimitedError, rateLimitHeaders } from "@/lib/api/rate-limits";
import { errorResponse, requestIdFrom, unexpectedErrorResponse } from "@/lib/api/respond";
import { clientAddress, throttleBucket } from "@/lib/auth/client-address";

/**
 * The wrapper of the public API's tokenless endpoints: the per-address limit (contract §6: 120/min →
 * 429 RATE_LIMITED, flat body), then the handler. Counted by the client's network as sign-in throttling counts it
 * (an IPv6 /64 is one client), so one host cannot walk its own address block.
 */
export function withTokenless(handler: (request: Request, requestId: string) => Promise<Response>) {
  return async function route(request: Request): Promise<Response> {
    const requestId = requestIdFrom(request);
    try {
      const verdict = await consumeTokenlessCall(throttleBucket(clientAddress(request.headers)));
      if (!verdict.isAllowed) return errorResponse(rateLimitedError(verdict), requestId, rateLimitHeaders(verdict));
      const response = await handler(request, requestId);
      for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) response.headers.set(name, value);
      return response;
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error, requestId);
      return unexpectedErrorResponse(error, requestId);
    }
  };
}
