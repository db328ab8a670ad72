import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { badRequest } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { WEBHOOK_URL_MAX } from "@/lib/webhooks/schemas";

// Security (SSRF): a webhook makes this server POST to a URL an agent chose. In production a target that resolves to
// a private, loopback or link-local address is refused — at creation, and again at each delivery, where the socket
// connects to exactly the address that was checked (a name that resolved to a public address at creation and to
// 127.0.0.1 later, DNS rebinding, is refused then too). WEBHOOK_ALLOW_LOOPBACK=true lets an agent on the same machine
// receive on loopback. Outside production every address is allowed: a developer's receiver is local.

export type AddressKind = "public" | "loopback" | "private" | "link-local";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL.addSubnet("fe80::", 10, "ipv6");

// Everything else no public webhook receiver lives at: RFC 1918, CGNAT, "this network", IETF protocol assignments,
// benchmarking, documentation nets, multicast, reserved and broadcast; IPv6 unique-local, unspecified and
// IPv4-compatible, multicast, and NAT64 (which can reach any IPv4 address, private ones included).
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["fc00::", 7],
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const)
  PRIVATE.addSubnet(net, prefix, "ipv6");

/**
 * What kind of address this is. BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) against the
 * IPv4 ranges, so a mapped form is classified as the IPv4 address it maps.
 */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (LOOPBACK.check(address, family)) return "loopback";
  if (LINK_LOCAL.check(address, family)) return "link-local";
  if (PRIVATE.check(address, family)) return "private";
  return "public";
}

function isEnforced(): boolean {
  return process.env.NODE_ENV === "production";
}

/** Why this address may not be a target now, or null when it may. */
export function refusalOf(address: string): string | null {
  if (!isEnforced()) return null;
  const kind = classifyAddress(address);
  if (kind === "public") return null;
  if (kind === "loopback" && env().WEBHOOK_ALLOW_LOOPBACK) return null;
  return `The webhook URL resolves to a ${kind} address (${address}), which is not allowed.`;
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family as 4 | 6,
  }));
let resolver: Resolver = systemResolver;

/** Tests stand in for DNS (a name that resolves to a public address at creation and to 127.0.0.1 at delivery). */
export function setResolverForTests(next: Resolver | null) {
  resolver = next ?? systemResolver;
}

/** A URL's hostname without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export class RefusedTarget extends Error {}

/**
 * The addresses the target's host resolves to, each one allowed (an IP literal is its own only address); throws
 * RefusedTarget when any one is refused: a name with one private address among public ones could be steered to it.
 */
export async function resolveAllowed(hostname: string): Promise<ResolvedAddress[]> {
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: hostname, family: literal as 4 | 6 }];
  else {
    try {
      addresses = await resolver(hostname);
    } catch {
      throw new RefusedTarget(`The webhook host ${hostname} does not resolve.`);
    }
  }
  if (addresses.length === 0) throw new RefusedTarget(`The webhook host ${hostname} does not resolve.`);
  for (const { address } of addresses) {
    const refusal = refusalOf(address);
    if (refusal) throw new RefusedTarget(refusal);
  }
  return addresses;
}

const LOOPBACK_NAMES = new Set(["localhost"]);

/** http is allowed for a loopback host only: by name (localhost, *.localhost) or by literal address. */
function isLoopbackHost(hostname: string): boolean {
  if (LOOPBACK_NAMES.has(hostname) || hostname.endsWith(".localhost")) return true;
  return isIP(hostname) !== 0 && classifyAddress(hostname) === "loopback";
}

/** The URL checked for creation: https (http for loopback hosts), no credentials, and a host it may reach now. */
export async function assertWebhookUrl(raw: string): Promise<URL> {
  const refuse = (message: string) => badRequest("url", message);
  if (raw.length > WEBHOOK_URL_MAX) throw refuse(`The webhook URL may be at most ${WEBHOOK_URL_MAX} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("The webhook URL is not a valid absolute URL.");
  }
  const hostname = bareHostname(url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(hostname)))
    throw refuse("The webhook URL must use https (http only for a loopback host).");
  // Credentials in the URL would be stored and shown back on every GET.
  if (url.username || url.password) throw refuse("The webhook URL may not carry a user name or password.");
  // Outside production nothing is refused, so there is nothing to resolve for (a developer's receiver may not exist yet).
  if (!isEnforced()) return url;
  try {
    await resolveAllowed(hostname);
  } catch (error) {
    if (error instanceof RefusedTarget) throw refuse(error.message);
    throw error;
  }
  return url;
}
