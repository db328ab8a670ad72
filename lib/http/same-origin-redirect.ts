import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** Where a human lands when the value asked for is not a path on this app. */
export const DEFAULT_DESTINATION = "/approvals";

// Longer than any URL the app itself builds; a longer value is someone probing, not a link of ours.
const MAX_LENGTH = 2048;
// A callback to the sign-in or sign-up page would loop: those pages send a signed-in human on to their callback.
// (next-auth's own redirects, e.g. sign-out to /sign-in, may go there: allowAuthPages.)
const AUTH_PAGES = /^\/(?:sign-in|sign-up)(?:[/?#]|$)/;

/**
 * The one check for every redirect target that a request can choose (callback after sign-in and sign-up, the
 * sign-in page, next-auth's own callbackUrl on sign-in and sign-out). The value is parsed exactly as a browser
 * would parse it — as a URL relative to the app's origin — and accepted only if it resolves to that same origin;
 * then only its path, query and fragment are returned, so the Location header never names a host at all.
 * Hand-written prefix rules (startsWith("/") && !startsWith("//")) miss what browsers normalise: "/\\evil",
 * "\t//evil", "/.//evil" (dot-segment removal leaves "//evil").
 */
export function sameOriginPath(value: unknown, appOrigin: string, { allowAuthPages = false } = {}): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH) return DEFAULT_DESTINATION;
  let base: URL;
  let url: URL;
  try {
    base = new URL(appOrigin);
    url = new URL(value, base);
  } catch {
    return DEFAULT_DESTINATION;
  }
  if (url.origin !== base.origin) return DEFAULT_DESTINATION;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that itself begins with two slashes (or a slash and a backslash) is a network-path reference: sent as
  // Location it would name another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return DEFAULT_DESTINATION;
  if (!allowAuthPages && AUTH_PAGES.test(path)) return DEFAULT_DESTINATION;
  return path;
}

const HOST_PATTERN = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the current request was made to, for pages and server actions: APP_URL when configured, else the Host
 * header. Trusting Host is safe here: sameOriginPath returns only a path, which the browser resolves against the
 * origin it is really on, whatever Host claimed.
 */
export async function requestOrigin(): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return configured;
  const host = (await headers()).get("host");
  return host && HOST_PATTERN.test(host) ? `http://${host}` : "http://localhost";
}

/** sameOriginPath against the current request's origin: for a callback chosen by the request (query or form). */
export async function sameOriginRedirectPath(value: unknown): Promise<string> {
  return sameOriginPath(value, await requestOrigin());
}
