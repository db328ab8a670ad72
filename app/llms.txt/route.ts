import { publicBaseUrl } from "@/lib/api/base-url";
import { llmsTxt } from "@/lib/openapi/llms-txt";

// GET /llms.txt — the API in words for agents: the co-sign rule, the claim flow, auth, the endpoints (from the registry)
export function GET(request: Request) {
  return new Response(llmsTxt(publicBaseUrl(request)), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300", Vary: "Host" },
  });
}
