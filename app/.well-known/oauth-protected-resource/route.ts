import { protectedResourceMetadata } from "@/lib/agent-auth/discovery";
import { publicBaseUrl } from "@/lib/api/base-url";

// GET /.well-known/oauth-protected-resource — RFC 9728 metadata for the public API
export async function GET(request: Request) {
  return Response.json(protectedResourceMetadata(publicBaseUrl(request)), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
