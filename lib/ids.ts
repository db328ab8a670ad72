import "server-only";
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Every request takes a request id: filling one 4 KiB buffer from the CSPRNG and handing out slices of it costs far
// less than a randomBytes() call per id (it showed as ~6 % of a request's CPU in a profile). Same generator, same bits.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytes(count: number): Buffer {
  if (count > pool.length) return randomFillSync(Buffer.alloc(count));
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // A copy, and the offset moves on: no byte is ever handed out twice.
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + count));
  poolOffset += count;
  return bytes;
}

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
