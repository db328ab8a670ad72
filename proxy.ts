import { NextResponse, type NextRequest } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { errorResponse, requestIdFrom } from "@/lib/api/respond";

// Cross-site form posts to the human pages (server actions) are refused here with a clean 403. Next also refuses
// them, but with a 500 and a stack trace in the log; a forged request is the caller's fault, not ours.
// The agent API (/api/public/v1) uses bearer tokens, never cookies, so it is not exposed to CSRF.
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/public/v1/")) return checkApiPath(request);
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return NextResponse.next();
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin && origin !== "null" ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  if (!originHost || originHost !== host) {
    return new NextResponse("Forbidden: cross-site form posts are not accepted.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return NextResponse.next();
}

/**
 * A path that is not valid percent-encoded UTF-8 (e.g. /approvals/%FF) makes Next's router throw before any handler
 * runs, and it answers a bare 500. Refuse it here with the contract's 400 body instead.
 */
function checkApiPath(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    return errorResponse(badRequest("path", "The URL path is not valid percent-encoded UTF-8."), requestIdFrom(request));
  }
}

export const config = {
  // Agent API paths only when they hold a percent-escape (running the proxy on every API request costs ~30% of
  // throughput, docs/reliability.md); every page; never next-auth's routes or static assets.
  matcher: ["/api/public/v1/(.*%.*)", "/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
