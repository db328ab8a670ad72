import { JsonText, jsonResponse, otherMethods } from "@/lib/api/respond";
import { withTokenless } from "@/lib/api/with-tokenless";
import { openApiDocument } from "@/lib/openapi/document";

// GET /api/public/v1/openapi.json — the OpenAPI 3.1 document, no token; built once per process, limited per address
export const GET = withTokenless(async (_request, requestId) =>
  jsonResponse(new JsonText(openApiDocument().text), 200, requestId, { "Cache-Control": "public, max-age=300" }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
