import { authorizationServerMetadata } from "@/lib/agent-auth/discovery";
import { publicBaseUrl } from "@/lib/api/base-url";

// GET /.well-known/oauth-authorization-server — RFC 8414 metadata with the agent_auth block
export async function GET(request: Request) {
  return Response.json(authorizationServerMetadata(publicBaseUrl(request)), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
