import "server-only";
import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Every request takes a request id: filling one 4 KiB buffer from the CSPRNG and handing out slices of it costs far
// less than a randomBytes() call per id (it showed as ~6 % of a request's CPU in a profile). Same generator, same bits.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** The offset of `count` fresh bytes in the pool (refilled when it runs out); each byte is handed out once. */
function takeFromPool(count: number): number {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += count;
  return start;
}

/** Random base62 string; 22 characters carry ~131 bits. Never contains "_", so it can sit inside a token. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    // Read in place, a chunk at a time: nothing else runs between taking the bytes and reading them.
    const chunk = Math.min(2 * (length - out.length), pool.length);
    const start = takeFromPool(chunk);
    for (let i = start; out.length < length && i < start + chunk; i++) {
      // 248 = 62 * 4: rejecting bytes above it keeps every character equally likely.
      if (pool[i] < 248) out += ALPHABET[pool[i] % 62];
    }
  }
  return out;
}

export type IdPrefix =
  | "org"
  | "hum"
  | "tok"
  | "fl"
  | "job"
  | "prop"
  | "ctr"
  | "ms"
  | "apr"
  | "la"
  | "ltx"
  | "le"
  | "inv"
  | "tinv"
  | "tu"
  | "req"
  | "ses"
  | "reg"
  | "ntc"
  | "nrun"
  | "wh"
  | "whd";

/** Prefixed ids (`apr_…`, `ms_…`) describe themselves in logs and support tickets. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(20)}`;
}
