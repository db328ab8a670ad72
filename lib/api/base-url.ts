import { env } from "@/lib/env";

const HOST_PATTERN = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * APP_URL when configured — the only trustworthy answer behind a proxy, and what production should set.
 * Otherwise the origin the client used: its Host header (Next may rewrite request.url's host to "localhost").
 */
export function publicBaseUrl(request: Request): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = request.headers.get("host");
  // Only the scheme is needed from request.url when the Host header is usable; parsing the whole URL on every
  // request is measurable on the hot paths.
  if (host && HOST_PATTERN.test(host)) return `${request.url.startsWith("https:") ? "https:" : "http:"}//${host}`;
  return new URL(request.url).origin;
}
