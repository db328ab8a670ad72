// Plain JavaScript, because next.config.mjs reads it as well as the proxy. Every security header of the app is
// defined here and nowhere else: next.config.mjs sends the static ones on every response (pages, API, assets) and
// the CSP on the API; proxy.ts sends the pages' CSP, which needs a fresh nonce per request.

const isProduction = process.env.NODE_ENV === "production";

/**
 * The same on every response. Framing is refused twice: CSP frame-ancestors for current browsers,
 * X-Frame-Options for old ones (a framed co-sign page is a one-click clickjacking of a payment).
 */
export const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Approval URLs carry approval ids: never hand them to another site in a Referer.
  { key: "Referrer-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
];

/**
 * Only in production and only when the request reached us over HTTPS (a TLS-terminating proxy in front says so in
 * X-Forwarded-Proto): HSTS over plain HTTP is ignored by browsers, and on localhost it would pin every other
 * local app to HTTPS.
 */
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };
export const HSTS_WHEN = [{ type: "header", key: "x-forwarded-proto", value: "https" }];
export const SENDS_HSTS = isProduction;

/** JSON answers render nothing and frame nothing. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy, as Next documents it for a nonce set in the proxy: Next reads this header from the request
 * and puts the nonce on its own scripts; 'strict-dynamic' lets those load the rest of the bundle. React needs eval
 * only in development. Inline style attributes are allowed ('unsafe-inline' for styles only): they cannot run code.
 */
export function pageContentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isProduction ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
