import "server-only";
import { randomInt, timingSafeEqual } from "node:crypto";
import { hashTokenSecret } from "@/lib/auth/api-tokens";
import { randomBase62 } from "@/lib/ids";

// ot_clm_<publicId>_<secret> (the agent's claim token) and ot_cat_<publicId>_<secret> (the attempt in the link):
// the public id finds the row, only a SHA-256 of the secret is stored (the same scheme as ot_pat_ tokens).
type Kind = "clm" | "cat";
const PATTERN: Record<Kind, RegExp> = {
  clm: /^ot_clm_([A-Za-z0-9]{16})_([A-Za-z0-9]{32})$/,
  cat: /^ot_cat_([A-Za-z0-9]{16})_([A-Za-z0-9]{32})$/,
};

export function mintCeremonyToken(kind: Kind) {
  const publicId = randomBase62(16);
  const secret = randomBase62(32);
  return { publicId, secretHash: hashTokenSecret(secret), token: `ot_${kind}_${publicId}_${secret}` };
}

export function parseCeremonyToken(kind: Kind, value: unknown): { publicId: string; secret: string } | null {
  const match = typeof value === "string" ? PATTERN[kind].exec(value) : null;
  return match ? { publicId: match[1], secret: match[2] } : null;
}

/** Constant-time comparison of a stored hex digest with the digest of what was presented. */
export function matchesHash(storedHash: string | null, presented: string): boolean {
  if (!storedHash) return false;
  const expected = Buffer.from(storedHash, "latin1");
  const given = Buffer.from(hashTokenSecret(presented), "latin1");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Six digits, uniformly drawn. */
export function newUserCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * A code is hashed with its attempt's public id mixed in, so equal codes of two attempts differ in the table. Six
 * digits are no secret against someone holding the table; what protects them is the tries limit and the 30 minutes.
 */
export const codeHashInput = (attemptPublicId: string, code: string) => `${attemptPublicId}:${code}`;
