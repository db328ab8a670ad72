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

/**
 * The base URL for links made outside any request (the approval emails of lib/notify): APP_URL, or in development
 * this machine's server (http://localhost:PORT). Never a request's Host header: an agent chooses that, and a link in
 * an email from us must not lead anywhere an agent picked. null in production without APP_URL: no such links.
 */
export function configuredBaseUrl(): string | null {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return process.env.NODE_ENV === "production" ? null : `http://localhost:${process.env.PORT || 3000}`;
}
