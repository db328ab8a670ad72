import { NextResponse, type NextRequest } from "next/server";

// Cross-site form posts to the human pages (server actions) are refused here with a clean 403. Next also refuses
// them, but with a 500 and a stack trace in the log; a forged request is the caller's fault, not ours.
// The agent API (/api/public/v1) uses bearer tokens, never cookies, so it is not exposed to CSRF.
export function proxy(request: NextRequest) {
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

export const config = {
  // Every path except the APIs (their own auth) and static assets.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
