import "server-only";
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { bareHostname, RefusedTarget, resolveAllowed } from "@/lib/webhooks/target-policy";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, the key being the whole whsec_ string (§6). */
export function signatureHeader(secret: string, unixSeconds: number, rawBody: string): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type SendOutcome =
  | { kind: "delivered"; statusCode: number }
  /** 5xx, a timeout or a connection error: tried again later. */
  | { kind: "retry"; statusCode: number | null; error: string }
  /** Any other answer, or a target that is refused now: not tried again (it still counts toward disabling). */
  | { kind: "failed"; statusCode: number | null; error: string };

// Keep-alive sockets per origin: a busy receiver is not a TLS handshake per event. A pooled socket stays connected to
// the address that was checked when it was opened.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

/**
 * POSTs one delivery. Security: the host is resolved and every address checked (target-policy.ts) right here, and
 * the socket connects to the checked address through a pinned lookup, so DNS cannot answer differently between the
 * check and the connection (rebinding). `signal` ends it early (the worker stopping); `timeoutMs` bounds the whole
 * exchange up to the status line.
 */
export async function sendDelivery(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<SendOutcome> {
  const url = new URL(input.url);
  let pinned: { address: string; family: 4 | 6 };
  try {
    [pinned] = await resolveAllowed(bareHostname(url));
  } catch (error) {
    if (error instanceof RefusedTarget) return { kind: "failed", statusCode: null, error: error.message };
    throw error;
  }
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const isHttps = url.protocol === "https:";
  return new Promise<SendOutcome>((resolve) => {
    let isSettled = false;
    const settle = (outcome: SendOutcome) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onResponse = (response: http.IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      // The answer's body is not read for anything; draining it lets the socket go back to the pool.
      response.resume();
      if (statusCode >= 200 && statusCode < 300) settle({ kind: "delivered", statusCode });
      else if (statusCode >= 500) settle({ kind: "retry", statusCode, error: `The receiver answered ${statusCode}.` });
      else settle({ kind: "failed", statusCode, error: `The receiver answered ${statusCode}.` });
    };
    const options = {
      method: "POST",
      lookup,
      headers: { ...input.headers, "Content-Length": String(Buffer.byteLength(input.body)) },
    };
    const request = isHttps
      ? https.request(url, { ...options, agent: agents.https }, onResponse)
      : http.request(url, { ...options, agent: agents.http }, onResponse);
    const timer = setTimeout(() => {
      request.destroy();
      settle({ kind: "retry", statusCode: null, error: `No answer within ${input.timeoutMs / 1000} s.` });
    }, input.timeoutMs);
    const onAbort = () => {
      request.destroy();
      settle({ kind: "retry", statusCode: null, error: "The worker stopped during the attempt." });
    };
    input.signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) =>
      settle({ kind: "retry", statusCode: null, error: `Connection failed: ${error.message}` }),
    );
    request.end(input.body);
  });
}
