// The production server: Next's request handler behind a small node:http front that refuses, before Next reads a
// byte, the bodies Next would otherwise read in full — `npm start`, the e2e server, the test servers and the bench
// all run this, with next start's arguments: `node scripts/serve.mjs -p <port> [-H <host>]`.
//
// Why a front at all (docs/decisions/0006-body-limits.md): a request the proxy (proxy.ts) matches has its body
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
  const hasUnboundedBody =
    declared === undefined ? req.headers["transfer-encoding"] !== undefined : Number(declared) > BODY_LIMIT_BYTES;
  if (!hasUnboundedBody) return false;
  const pathname = (req.url ?? "/").split("?")[0];
  const isApi = pathname.startsWith("/api/");
  return !isApi || (pathname.startsWith("/api/public/v1/") && pathname.includes("%"));
}

/**
 * An answer written here, before Next: the security headers every response carries (lib/http/security-headers.mjs)
 * and, on the agent API, the contract's error body (spec §1, as lib/api/respond.ts writes it); plain text elsewhere.
 */
function errorAnswer(url, status, code, message, details, extraHeaders = {}) {
  const headers = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    ...extraHeaders,
  };
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  if ((url ?? "").startsWith("/api/public/v1/")) {
    const requestId = `req_${randomBytes(12).toString("base64url")}`;
    Object.assign(headers, { "Content-Type": "application/json; charset=utf-8", "X-Request-Id": requestId });
    return { headers, body: JSON.stringify({ error: message, code, requestId, details }) };
  }
  headers["Content-Type"] = "text/plain; charset=utf-8";
  return { headers, body: message };
}

/** A whole answer as bytes, for a socket this front writes to itself: it ends the connection, and says so. */
function rawAnswer(status, { headers, body }) {
  const head = Object.entries({ ...headers, "Content-Length": Buffer.byteLength(body), Connection: "close" })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}\r\n\r\n${body}`;
}

/**
 * 413, then a lingering close (as nginx's lingering_close): the answer, a FIN, and the rest of the upload read and
 * discarded for LINGER_MS before the connection is cut. Closing at once would make the kernel answer the bytes still
 * arriving with a reset, and a reset makes the client's kernel drop the 413 it has not read yet. The linger is
 * bounded by time only: a byte bound is passed in milliseconds at loopback speed (16 MiB in ~15 ms), shorter than a
 * busy client's event-loop pause, and that lost the 413 in CI. A client that reads the answer stops sending and
 * closes long before the time is up. Discarded bytes are never kept, so this costs no memory to speak of.
 * Written to the socket, not through `res`: Node would destroy a `Connection: close` response's socket as soon as
 * it is written.
 */
function refuse(req) {
  const answer = errorAnswer(req.url, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.", {
    limitBytes: BODY_LIMIT_BYTES,
  });
  const socket = req.socket;
  socket.end(rawAnswer(413, answer));
  req.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once("close", () => clearTimeout(timer));
}

const LINGER_MS = 5000;

/**
 * Methods the app never serves. TRACE, TRACK and CONNECT make Next's handler throw (fetch's Request refuses them)
 * and it answers 500; the rest of what Node's parser accepts (PROPFIND, MKCOL, M-SEARCH, …) gets Next's empty 400.
 * OPTIONS too on the agent API: it serves bearer-token clients, not browsers, so there is no CORS preflight to
 * answer. Each endpoint's own 405 (lib/api/respond.ts, otherMethods) names the methods it takes.
 */
const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const API_ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE";

function refuseMethod(req, res) {
  const isApi = (req.url ?? "").startsWith("/api/public/v1/");
  const allow = isApi ? API_ALLOW : `${API_ALLOW}, OPTIONS`;
  const { headers, body } = errorAnswer(
    req.url,
    405,
    "METHOD_NOT_ALLOWED",
    `The ${req.method} method is not served here.`,
    { method: req.method, allowed: allow.split(", ") },
    { Allow: allow },
  );
  res.writeHead(405, headers);
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (!SERVED_METHODS.has(req.method) || (req.method === "OPTIONS" && (req.url ?? "").startsWith("/api/public/v1/")))
    return refuseMethod(req, res);
  if (mustRefuse(req)) return refuse(req);
  // A floor under Next's own header rules (next.config.mjs, proxy.ts), which replace these where they apply: some
  // answers, such as the trailing-slash redirect, are written before those rules run and would carry none.
  for (const { key, value } of STATIC_SECURITY_HEADERS) res.setHeader(key, value);
  res.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  handle(req, res);
});

// A request Node's parser refuses (e.g. a made-up method such as FOO: the parser knows only registered ones) never
// reaches the handler above. Answer it as that handler would — 405 with the contract's body on the agent API —
// instead of Node's bare 400, then close: the connection cannot be parsed further.
server.on("clientError", (error, socket) => {
  if (!socket.writable) return socket.destroy();
  const [method, url] = (error.rawPacket?.toString("latin1") ?? "").split("\r\n", 1)[0].split(" ");
  const isBadMethod = error.code === "HPE_INVALID_METHOD" && /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/.test(method ?? "");
  const status = isBadMethod ? 405 : 400;
  const answer = isBadMethod
    ? errorAnswer(
        url,
        405,
        "METHOD_NOT_ALLOWED",
        `The ${method} method is not served here.`,
        { method, allowed: API_ALLOW.split(", ") },
        { Allow: API_ALLOW },
      )
    : errorAnswer(url, 400, "BAD_REQUEST", "The request could not be parsed.", { field: "request" });
  socket.end(rawAnswer(status, answer));
});
server.listen(port, hostname, () => console.log(`▲ Co-sign ready on http://${hostname ?? "localhost"}:${port}`));

// A stop: no new connections; the app's own stop (instrumentation-node.ts: held long polls answer at once, background
// workers finish what they have under way, the LISTEN connection closes); the answers in flight are written (each
// connection is closed once idle); then Next. 5 s at most in all.
const STOP_HOOK = Symbol.for("cosign.stop");
let isStopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (isStopping) return;
    isStopping = true;
    setTimeout(() => process.exit(0), 5000).unref();
    const closed = new Promise((resolve) => server.close(resolve));
    Promise.resolve()
      .then(() => globalThis[STOP_HOOK]?.())
      .catch((error) => console.error("stopping the app failed:", error))
      .then(() => {
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.closeIdleConnections();
        return closed.finally(() => clearInterval(idle));
      })
      .then(() => app.close())
      .finally(() => process.exit(0));
  });
}
