import { authorizationServerMetadata } from "@/lib/agent-auth/discovery";
import { publicBaseUrl } from "@/lib/api/base-url";
import { withTokenless } from "@/lib/api/with-tokenless";

// GET /.well-known/oauth-authorization-server — RFC 8414 metadata with the agent_auth block; limited per address
export const GET = withTokenless(async (request) =>
  Response.json(authorizationServerMetadata(publicBaseUrl(request)), {
    headers: { "Cache-Control": "public, max-age=300", Vary: "Host" },
  }),
);
