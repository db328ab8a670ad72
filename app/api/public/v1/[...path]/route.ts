import { ApiError } from "@/lib/api/errors";
import { errorResponse, requestIdFrom } from "@/lib/api/respond";

// Any other path under /api/public/v1 — the contract's 404 body instead of Next's HTML page
function unknownRoute(request: Request) {
  const path = new URL(request.url).pathname;
  return errorResponse(
    new ApiError("NOT_FOUND", "No such endpoint.", { resource: "endpoint", path }),
    requestIdFrom(request),
  );
}

export {
  unknownRoute as GET,
  unknownRoute as POST,
  unknownRoute as PUT,
  unknownRoute as PATCH,
  unknownRoute as DELETE,
};
