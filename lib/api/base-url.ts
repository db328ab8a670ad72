import { env } from "@/lib/env";

const HOST_PATTERN = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * APP_URL when configured — the only trustworthy answer behind a proxy, and what production should set.
 * Otherwise the origin the client used: its Host header (Next may rewrite request.url's host to "localhost").
 */
export function publicBaseUrl(request: Request): string {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return host && HOST_PATTERN.test(host) ? `${url.protocol}//${host}` : url.origin;
}
