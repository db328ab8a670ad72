import { PROXY_BODY_COPY_BYTES } from "./lib/http/limits.mjs";
import {
  API_CONTENT_SECURITY_POLICY,
  HSTS_HEADER,
  HSTS_WHEN,
  SENDS_HSTS,
  STATIC_SECURITY_HEADERS,
} from "./lib/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly-backed database drivers stay as Node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  experimental: {
    // A request the proxy matches has its body copied for the proxy before any handler runs; past this many bytes
    // Next stops copying and drains the rest (docs/decisions/0006-body-limits.md).
    proxyClientMaxBodySize: PROXY_BODY_COPY_BYTES,
  },
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // Pages get their CSP (with a nonce) from proxy.ts; the API's is static.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      ...(SENDS_HSTS ? [{ source: "/:path*", has: HSTS_WHEN, headers: [HSTS_HEADER] }] : []),
    ];
  },
};

export default nextConfig;
