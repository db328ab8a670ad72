// A request id for an error body the MCP server makes itself (a call it could not build, an argument it refused, an
// API it could not reach): contract §1 puts `requestId` in every error body. Shaped as the API's own
// (lib/ids.ts newId("req"): "req_" and 20 base62 characters) so an agent handles both alike; lib/ids.ts itself is
// server-only, which the stdio bin (plain Node through tsx) cannot import.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LENGTH = 20;

export function localRequestId(): string {
  let out = "";
  while (out.length < LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(2 * LENGTH))) {
      // 248 = 62 * 4: rejecting bytes above it keeps every character equally likely.
      if (byte < 248 && out.length < LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return `req_${out}`;
}
