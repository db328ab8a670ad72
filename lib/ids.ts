import "server-only";
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Random base62 string; 22 characters carry ~131 bits. Never contains "_", so it can sit inside a token. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // 248 = 62 * 4: rejecting bytes above it keeps every character equally likely.
    if (bytes[i] < 248) out += ALPHABET[bytes[i] % 62];
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

export type IdPrefix = "org" | "hum" | "tok" | "fl" | "job" | "prop" | "ctr" | "ms" | "apr" | "la" | "ltx" | "le" | "inv" | "req";

/** Prefixed ids (`apr_…`, `ms_…`) describe themselves in logs and support tickets. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(20)}`;
}
