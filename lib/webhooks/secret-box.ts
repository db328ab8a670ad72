import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { randomBase62 } from "@/lib/ids";

// Security: a webhook secret has to be recoverable (the worker signs with it), so unlike an API token it cannot be
// stored as a hash. It is stored encrypted (AES-256-GCM) with a key derived from AUTH_SECRET, which never sits in
// the database: a copy of the database alone (a backup, a leaked dump) yields no secret. docs/decisions/0015.
const INFO = "cosign webhook secret v1";
const VERSION = "v1";

let cachedKey: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) {
    // Tests and the development server get a secret from their harness (scripts/runtime-env.mjs); a process without
    // one could not sign anything it stored, so refuse instead of inventing a key nobody else shares.
    throw new Error("AUTH_SECRET is not set: webhook secrets cannot be sealed or opened.");
  }
  if (cachedKey?.from !== secret) {
    cachedKey = { from: secret, key: Buffer.from(hkdfSync("sha256", secret, "", INFO, 32)) };
  }
  return cachedKey.key;
}

/** A fresh whsec_ secret: 32 base62 characters (~190 bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}

/** The secret sealed for storage: "v1.<iv>.<tag>.<ciphertext>", base64url parts; `aad` binds it to its webhook. */
export function sealSecret(secret: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(aad));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The secret back; throws if the box was altered, moved to another webhook, or sealed under another AUTH_SECRET. */
export function openSecret(box: string, aad: string): string {
  const [version, iv, tag, sealed] = box.split(".");
  if (version !== VERSION || !iv || !tag || sealed === undefined) throw new Error("Unknown webhook secret format.");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
}
