// The production server: Next's request handler behind a small node:http front that refuses, before Next reads a
// byte, the bodies Next would otherwise read in full — `npm start`, the e2e server, the test servers and the bench
// all run this, with next start's arguments: `node scripts/serve.mjs -p <port> [-H <host>]`.
//
// Why a front at all (docs/decisions/0005-body-limits.md): a request the proxy (proxy.ts) matches has its body
// copied for the proxy, and Next answers it only after draining the whole upload, however large; a 128 MiB chunked
// post to a page grew the server's memory by up to ~60 MiB of garbage that way. Here such a request is answered
// 413 at once and its connection closed. Everything else goes to Next untouched; the limit itself, and the checks
// inside the app (lib/http/read-body.ts), stay the one source of truth.
import http from "node:http";
import { randomBytes } from "node:crypto";
import path from "node:path";
import next from "next";
import { BODY_LIMIT_BYTES } from "../lib/http/limits.mjs";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "../lib/http/security-headers.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(flag("-p", process.env.PORT ?? "3000"));
const hostname = flag("-H", process.env.HOST);
process.env.NODE_ENV = "production";

const app = next({ dev: false, dir: ROOT, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

/**
 * The requests that pass through the proxy and carry a body it could not bound: pages (server actions) and agent
 * API paths holding a percent-escape — the two halves of proxy.ts's matcher — with a body that is chunked (no
 * Content-Length) or declared over the limit. Legitimate page posts always declare their length (browsers and
 * Next's client send it); an agent's chunked body to an ordinary API path goes on to lib/api/parse.ts, which
 * counts it while streaming.
 */
function mustRefuse(req) {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const declared = req.headers["content-length"];
  const hasUnboundedBody = declared === undefined ? req.headers["transfer-encoding"] !== undefined : Number(declared) > BODY_LIMIT_BYTES;
  if (!hasUnboundedBody) return false;
  const pathname = (req.url ?? "/").split("?")[0];
  const isApi = pathname.startsWith("/api/");
  return !isApi || (pathname.startsWith("/api/public/v1/") && pathname.includes("%"));
}

function refuse(req, res) {
  const isApi = (req.url ?? "").startsWith("/api/");
  const headers = { "Cache-Control": "no-store", "Content-Security-Policy": API_CONTENT_SECURITY_POLICY };
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  let body;
  if (isApi) {
    // The contract's error body (spec §1), as lib/api/respond.ts writes it.
    const requestId = `req_${randomBytes(12).toString("base64url")}`;
    body = JSON.stringify({ error: "The request body is too large.", code: "PAYLOAD_TOO_LARGE", requestId, details: { limitBytes: BODY_LIMIT_BYTES } });
    Object.assign(headers, { "Content-Type": "application/json; charset=utf-8", "X-Request-Id": requestId });
  } else {
    body = `Payload too large: a request body must declare its length (Content-Length) and hold at most ${BODY_LIMIT_BYTES} bytes.`;
    headers["Content-Type"] = "text/plain; charset=utf-8";
  }
  res.writeHead(413, headers);
  res.end(body);
  // Then close instead of draining the upload. Not at once: a socket closed with unread bytes sends a reset, and a
  // client still writing would lose the 413 it has not read yet. So discard for a moment (at most LINGER_BYTES or
  // LINGER_MS, like a web server's lingering close), then cut the connection.
  let discarded = 0;
  const cut = () => req.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  req.on("data", (chunk) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  });
  req.on("close", () => clearTimeout(timer));
}

const LINGER_MS = 2000;
const LINGER_BYTES = 4 * 1024 * 1024;

const server = http.createServer((req, res) => {
  if (mustRefuse(req)) return refuse(req, res);
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`▲ Co-sign ready on http://${hostname ?? "localhost"}:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
