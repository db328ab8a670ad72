import { z } from "zod";

/** GET /api/health. */
export const healthResponse = z.object({ ok: z.literal(true) });
/** GET /api/public/v1/openapi.json: an OpenAPI 3.1 document. */
export const openApiResponse = z.looseObject({
  openapi: z.string().startsWith("3.1"),
  paths: z.record(z.string(), z.unknown()),
});
/** The RFC 8414 / RFC 9728 metadata documents: open objects, as those RFCs let them grow. */
export const discoveryResponse = z.looseObject({});
