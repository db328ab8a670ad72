import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/respond";
import { withTokenless } from "@/lib/api/with-tokenless";

// Any other path under /api/public/v1 — the contract's 404 body instead of Next's HTML page; tokenless, so limited
// per client address (contract §6 "Rate limits")
const unknownRoute = withTokenless(async (request, requestId) => {
  const path = new URL(request.url).pathname;
  return errorResponse(new ApiError("NOT_FOUND", "No such endpoint.", { resource: "endpoint", path }), requestId);
});

export {
  unknownRoute as GET,
  unknownRoute as POST,
  unknownRoute as PUT,
  unknownRoute as PATCH,
  unknownRoute as DELETE,
};
