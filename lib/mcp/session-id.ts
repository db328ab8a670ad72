import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";

// /api/mcp is stateless: each POST has a server of its own, and only the one that answered `initialize` saw the
// client's capabilities. The one capability a tool needs later (URL elicitation, for opentrain_wait_for_approval)
// rides in the Mcp-Session-Id the initialize answer sets and the client sends back on every later request
// (docs/decisions/0018-mcp-server.md). It is the client's own claim about itself and grants nothing (every request
// is authorized by its bearer token), so it is not signed; the random part keeps ids unique, as the spec asks.

/** What later requests know of the client from its initialize. */
export type RememberedClient = { takesUrlElicitation: boolean };

const PATTERN = /^cs1-([un])-[0-9a-f]{32}$/;

export function sessionIdFor(capabilities: ClientCapabilities | undefined): string {
  const flag = capabilities?.elicitation?.url ? "u" : "n";
  return `cs1-${flag}-${crypto.randomUUID().replaceAll("-", "")}`;
}

/** The client as its session id describes it; undefined for an id this server did not issue (or none). */
export function rememberedClient(sessionId: string | null): RememberedClient | undefined {
  const match = PATTERN.exec(sessionId ?? "");
  return match ? { takesUrlElicitation: match[1] === "u" } : undefined;
}
