import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * Which network address a request came from, for sign-in throttling and the sessions list.
 *
 * Next.js fills `x-forwarded-for` with the socket's address only when the request has none (base-server.js:
 * `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so with no proxy in front any client can name its own
 * address there and get a fresh throttling bucket with every request. So the default trusts no header a client can
 * write: `recordPeerAddresses()` (run once per server process by instrumentation.ts) copies each connection's real
 * socket address into PEER_ADDRESS_HEADER, overwriting whatever the client sent under that name.
 *
 * Behind a reverse proxy the socket address is the proxy's; set TRUST_PROXY to the number of proxies in front of
 * the app (1 for one nginx/load balancer) and the address is read that many entries from the right of
 * `x-forwarded-for` — the entries those proxies appended, never ones the client wrote to the left of them.
 */
export const PEER_ADDRESS_HEADER = "x-cosign-peer-address";

/** When no address is known (the hook did not run): one shared bucket, so a missing hook fails strict, not open. */
export const UNKNOWN_ADDRESS = "unknown";

let isRecording = false;

export async function recordPeerAddresses() {
  if (isRecording) return;
  isRecording = true;
  const diagnostics = await import("node:diagnostics_channel");
  // Published synchronously by node:http before the server's "request" event, i.e. before Next reads any header.
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as {
      request: { headers: Record<string, string | string[] | undefined> };
      socket: { remoteAddress?: string };
    };
    request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? UNKNOWN_ADDRESS;
  });
}

export function clientAddress(headers: Headers, hops = env().TRUST_PROXY): string {
  if (hops > 0) {
    // Next appends nothing to an existing x-forwarded-for; with none it puts the socket address there, which is then
    // the only entry (the nearest proxy's own address when a proxy connected without adding the header).
    const chain = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const entry = chain[chain.length - hops] ?? chain[0];
    const address = entry ? normalizeAddress(entry) : null;
    if (address) return address;
  }
  return normalizeAddress(headers.get(PEER_ADDRESS_HEADER) ?? "") ?? UNKNOWN_ADDRESS;
}

/** A valid IPv4 or IPv6 address in one canonical spelling (IPv4-mapped IPv6 as IPv4), or null. */
function normalizeAddress(raw: string): string | null {
  const text = raw.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIP(text) === 4) return text;
  if (isIP(text) !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  return expandIpv6(text).join(":");
}

function expandIpv6(address: string): string[] {
  let text = address;
  // A trailing dotted IPv4 part (::1.2.3.4) is the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = text.includes("::") ? Array.from({ length: 8 - left.length - right.length }, () => "0") : [];
  return [...left, ...fill, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * The bucket throttling counts an address in. One IPv6 customer usually holds a whole /64, so counting single
 * IPv6 addresses would give an attacker 2^64 fresh buckets.
 */
export function throttleBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${address.split(":").slice(0, 4).join(":")}::/64`;
}

/** What the sessions list shows and stores: the network, not the host (IPv4 /24, IPv6 /48). */
export function addressPrefix(address: string): string {
  if (isIP(address) === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIP(address) === 6) return `${address.split(":").slice(0, 3).join(":")}::/48`;
  return address;
}
