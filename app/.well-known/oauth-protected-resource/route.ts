import { protectedResourceMetadata } from "@/lib/agent-auth/discovery";
import { publicBaseUrl } from "@/lib/api/base-url";
import { withTokenless } from "@/lib/api/with-tokenless";

// GET /.well-known/oauth-protected-resource — RFC 9728 metadata for the public API; limited per address
export const GET = withTokenless(async (request) =>
  Response.json(protectedResourceMetadata(publicBaseUrl(request)), {
    headers: { "Cache-Control": "public, max-age=300", Vary: "Host" },
  }),
);
