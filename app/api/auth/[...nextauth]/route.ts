import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { readBodyWithin, TOO_LARGE } from "@/lib/http/read-body";

// next-auth reads its bodies whole (request.formData()) and needs no session to be reached, so an anonymous
// chunked upload would otherwise sit in memory in full. Its body is read here first, counted, and handed on only
// when it fits.
async function POST(request: NextRequest) {
  const body = await readBodyWithin(request).catch(() => null);
  if (body === TOO_LARGE)
    return new Response("Payload too large.", {
      status: 413,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  if (body === null)
    return new Response("The request body could not be read.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return handlers.POST(
    new NextRequest(request.url, { method: "POST", headers: request.headers, body: body as BodyInit }),
  );
}

// GET|POST /api/auth/* — next-auth's own endpoints (session, CSRF token, credentials callback, sign-out)
export const { GET } = handlers;
export { POST };
