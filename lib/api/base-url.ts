import { env } from "@/lib/env";

/** APP_URL when configured (behind a proxy the request's origin is not the public one), else the request's origin. */
export function publicBaseUrl(request: Request): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return new URL(request.url).origin;
}
