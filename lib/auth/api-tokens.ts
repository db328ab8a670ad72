import "server-only";
import { hash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import { db, type TokenAnd, type Tx } from "@/lib/db";
import { newId, randomBase62 } from "@/lib/ids";
import { parseFeatures, parseScopes, type Scope } from "@/lib/auth/scopes";

const TOKEN_PATTERN = /^ot_pat_([A-Za-z0-9]{16})_([A-Za-z0-9]{32})$/;
/** Writing lastUsedAt on every call would turn every read into a write; once a minute is precise enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AgentPrincipal = {
  tokenId: string;
  tokenLabel: string;
  accountId: string;
  scopes: readonly Scope[];
  account: { id: string; isClaimed: boolean; features: readonly string[] };
};

/** The secret has ~190 bits of entropy, so a plain SHA-256 is enough: no one brute-forces it from the hash. */
export function hashTokenSecret(secret: string): string {
  // One-shot crypto.hash (Node 20.12+): no Hash object per call, which matters on every agent request.
  return hash("sha256", secret, "hex");
}

type TokenInput = {
  accountId: string;
  label: string;
  scopes: readonly Scope[];
  expiresAt?: Date | null;
  /** The root of the minting token's line (schema: ApiToken.mintedByTokenId). */
  mintedByTokenId?: string | null;
};

/** Mints a token inside the caller's transaction; the whole token exists only in the return value. */
export function createApiToken(tx: Tx, input: TokenInput): Promise<{ id: string; token: string }> {
  return insertApiToken(tx, { ...input, publicId: randomBase62(16), secret: randomBase62(32) });
}

/** Stores a token whose parts the caller chose (the demo seed derives them, so re-seeding prints the same tokens). */
export async function insertApiToken(tx: Tx, input: TokenInput & { publicId: string; secret: string }) {
  const id = newId("tok");
  await tx.apiToken.create({
    data: {
      id,
      publicId: input.publicId,
      secretHash: hashTokenSecret(input.secret),
      accountId: input.accountId,
      label: input.label,
      scopes: [...input.scopes].join(" "),
      expiresAt: input.expiresAt ?? null,
      mintedByTokenId: input.mintedByTokenId ?? null,
      createdAt: now(),
    },
  });
  return { id, token: `ot_pat_${input.publicId}_${input.secret}` };
}

/** The tokens still in force at `at`: not revoked, not expired (a Prisma filter on ApiToken). */
export const liveTokenWhere = (at: Date) => ({
  revokedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: at } }],
});

const unauthorized = (message: string) => new ApiError("UNAUTHORIZED", message);

/** A statement that checks the token by its public id, and may read something alongside (lib/db token-reads). */
export type TokenRead<T> = (publicId: string) => Promise<TokenAnd<T>>;

/**
 * Gate 1: a valid, unexpired, unrevoked bearer token → who is calling, for which account; with `read`, also what
 * that statement read beside the token — handed out only once the token is found valid.
 */
export async function authenticateAgent<T>(
  authorization: string | null,
  read: TokenRead<T>,
): Promise<{ principal: AgentPrincipal; value: T }> {
  if (!authorization) throw unauthorized("Missing bearer token. Send Authorization: Bearer ot_pat_….");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const parts = match ? TOKEN_PATTERN.exec(match[1]) : null;
  if (!parts) throw unauthorized("Malformed bearer token.");
  const [, publicId, secret] = parts;

  // Hot path (every agent request): one round trip on the direct connection — token, account and features joined.
  const { token, value } = await read(publicId);
  // One message for unknown, wrong secret, revoked and expired: the caller learns nothing about which.
  // Built only when thrown: an Error captures a stack trace, which is not free on every valid request.
  const invalid = () => unauthorized("Invalid, expired or revoked token.");
  if (!token) throw invalid();
  // Compared as hex text, in constant time: decoding both digests back to bytes first would add nothing.
  const expected = Buffer.from(token.secretHash, "latin1");
  const given = Buffer.from(hashTokenSecret(secret), "latin1");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const at = now();
  if (token.isRevoked || (token.expiresAt && token.expiresAt <= at)) throw invalid();

  if (!token.lastUsedAt || at.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const client = await db();
    await client.apiToken.updateMany({
      where: { id: token.id, lastUsedAt: token.lastUsedAt },
      data: { lastUsedAt: at },
    });
  }

  const principal: AgentPrincipal = {
    tokenId: token.id,
    tokenLabel: token.label,
    accountId: token.accountId,
    scopes: parseScopes(token.scopes),
    account: {
      id: token.accountId,
      isClaimed: token.isClaimed,
      features: token.featureKeys === null ? [] : parseFeatures(token.featureKeys),
    },
  };
  return { principal, value };
}
