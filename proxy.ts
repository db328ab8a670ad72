import { NextResponse, type NextRequest } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { errorResponse, requestIdFrom } from "@/lib/api/respond";
import { BODY_LIMIT_BYTES, declaredLength, readBodyWithin, TOO_LARGE } from "@/lib/http/read-body";
import { pageContentSecurityPolicy } from "@/lib/http/security-headers.mjs";

// Every page request passes here: it gets its CSP with a fresh nonce, cross-site form posts are refused, and page
// POSTs (server actions) are held to the body limit. The agent API passes here only for paths with a
// percent-escape (see the matcher).
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) return checkApiPath(request);
  const nonce = btoa(crypto.randomUUID());
  const policy = pageContentSecurityPolicy(nonce);
  const refusal = hasUndecodablePath(request)
    ? plain(400, "Bad request: the URL path is not valid percent-encoded UTF-8.")
    : await refusePagePost(request);
  if (refusal) {
    refusal.headers.set("Content-Security-Policy", policy);
    return refusal;
  }
  // Next reads the policy from the request to put the nonce on the scripts it renders (docs: Content Security Policy).
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

const plain = (status: number, text: string) =>
  new NextResponse(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

async function refusePagePost(request: NextRequest): Promise<NextResponse | null> {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  // Cross-site form posts to the human pages (server actions) are refused with a clean 403. Next also refuses
  // them, but with a 500 and a stack trace in the log; a forged request is the caller's fault, not ours.
  // The agent API (/api/public/v1) uses bearer tokens, never cookies, so it is not exposed to CSRF.
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin && origin !== "null" ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  if (!originHost || originHost !== host) return plain(403, "Forbidden: cross-site form posts are not accepted.");
  // Next's server-action handler answers an oversized body with a 500, so the limit is enforced here, before it.
  // A chunked body is counted here, in the copy Next hands the proxy (cut off well past the limit, lib/http/limits.mjs);
  // a body with a Content-Length within the limit cannot be longer: Node's parser frames it.
  const isActionCall = request.headers.has("next-action");
  if (!isActionCall && request.headers.has("content-length") && declaredLength(request) <= BODY_LIMIT_BYTES)
    return null;
  const body = await readBodyWithin(request).catch((): typeof TOO_LARGE => TOO_LARGE);
  if (body === TOO_LARGE) return plain(413, "Payload too large.");
  if (isActionCall && !(await isActionReply(request, body)))
    return plain(400, "Bad request: the server action's arguments could not be read.");
  return null;
}

/**
 * A server-action call (Next-Action header) carries its arguments as React's reply encoding: a JSON array, sent
 * as the body itself or as the multipart field "0". Anything else makes React's decoder throw inside Next's action
 * handler, which answers 500; it is the caller's malformed request, so it is refused here with a 400. (Wrong
 * argument types inside a well-formed array reach the actions, which check them: lib/http/action-input.ts.)
 */
async function isActionReply(request: NextRequest, body: Uint8Array): Promise<boolean> {
  let root: string | null;
  try {
    const contentType = request.headers.get("content-type") ?? "";
    root = contentType.startsWith("multipart/form-data")
      ? ((value) => (typeof value === "string" ? value : null))(
          (await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData()).get("0"),
        )
      : new TextDecoder("utf-8", { fatal: true }).decode(body);
    return root !== null && Array.isArray(JSON.parse(root));
  } catch {
    return false;
  }
}

/**
 * A path that is not valid percent-encoded UTF-8 (e.g. /api/public/v1/approvals/%FF) makes Next's router throw
 * before any handler runs, and it answers a bare 500. Refuse it here with the contract's 400 body instead (pages:
 * a plain 400).
 * Its body, if any, is counted by the route's own parse (lib/api/parse.ts), as on every other API path.
 */
function checkApiPath(request: NextRequest) {
  if (!hasUndecodablePath(request)) return NextResponse.next();
  return errorResponse(badRequest("path", "The URL path is not valid percent-encoded UTF-8."), requestIdFrom(request));
}

/** Pages too: /approvals/%FF or /%C0%AF would reach Next's router and its bare 500. */
function hasUndecodablePath(request: NextRequest): boolean {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return false;
  } catch {
    return true;
  }
}

export const config = {
  // Agent API paths only when they hold a percent-escape (running the proxy on every API request costs ~30% of
  // throughput, docs/reliability.md); every page; never next-auth's routes or static assets.
  matcher: ["/api/public/v1/(.*%.*)", "/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
