import "server-only";
import { hash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import { db, type Tx } from "@/lib/db";
import { readRows, toDate, type Row } from "@/lib/db-direct";
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

type TokenInput = { accountId: string; label: string; scopes: readonly Scope[]; expiresAt?: Date | null };

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
      createdAt: now(),
    },
  });
  return { id, token: `ot_pat_${input.publicId}_${input.secret}` };
}

const unauthorized = (message: string) => new ApiError("UNAUTHORIZED", message);

type TokenRow = {
  id: string;
  secretHash: string;
  accountId: string;
  label: string;
  scopes: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Only whether: the moments themselves are not needed here, and a Date per column is built on every request. */
  isRevoked: boolean;
  isClaimed: boolean;
};

/** The token's own columns of a row (which may carry a TokenRead's columns too). */
function tokenFromRow(row: Row): TokenRow {
  return {
    id: row.id as string,
    secretHash: row.secretHash as string,
    accountId: row.accountId as string,
    label: row.label as string,
    scopes: row.scopes as string,
    lastUsedAt: toDate(row.lastUsedAt),
    expiresAt: toDate(row.expiresAt),
    isRevoked: row.revokedAt !== null && row.revokedAt !== undefined,
    isClaimed: row.claimedAt !== null && row.claimedAt !== undefined,
  };
}

// Aliased tok/acct so a TokenRead's joins can use the short aliases. The account's features come as one
// space-separated column (string_agg: PostgreSQL, and SQLite since 3.44; the keys are FEATURE_KEYS, which hold no
// space) rather than a join, so the statement returns one row, not one per feature: the joined row is ~30 columns
// wide, and on SQLite building each row's object costs more than the lookups (measured: 21 → 15 µs per statement
// for two features).
const TOKEN_COLUMNS = `tok."id", tok."secretHash", tok."accountId", tok."label", tok."scopes", tok."lastUsedAt", tok."expiresAt",
       tok."revokedAt", acct."claimedAt",
       (SELECT string_agg(feat."key", ' ') FROM "AccountFeature" feat WHERE feat."accountId" = tok."accountId") AS "featureKeys"`;
function tokenSql(extraColumns: string, extraJoins: string) {
  return `SELECT ${TOKEN_COLUMNS}${extraColumns ? `, ${extraColumns}` : ""}
            FROM "ApiToken" tok
            JOIN "Account" acct ON acct."id" = tok."accountId"
            ${extraJoins}
           WHERE tok."publicId" = ?`;
}
// Built once: the statement caches are keyed by the SQL text.
const TOKEN_SQL = tokenSql("", "");

/**
 * A read that runs inside the token lookup's own statement: one round trip and one snapshot instead of two. On
 * PostgreSQL a round trip costs the server and the driver together about a quarter of what Next's whole handling of
 * a request costs (docs/reliability.md), so the hot routes read their resource this way (withAgent's `preload`).
 *
 * `joins` are LEFT JOINs; they see the caller's account as tok."accountId" and must scope every row to it, and each
 * must match at most one row. `columns` are aliased so they cannot collide with the token's. Their `?` (columns
 * first, then joins) take `params(routeParams)`, in order; the route params are already parsed by withAgent (with
 * malformed ones the token is looked up alone, and the 400 comes after the gates). What `parse` makes of the row is
 * handed out only once the token has been found valid.
 */
export class TokenRead<P, T> {
  readonly sql: string;
  constructor(
    columns: string,
    joins: string,
    readonly params: (routeParams: P) => unknown[],
    readonly parse: (row: Row) => T,
  ) {
    this.sql = tokenSql(columns, joins);
  }
}

/**
 * Gate 1: a valid, unexpired, unrevoked bearer token → who is calling, for which account; with `alongside`, also
 * that read's result, from the same statement.
 */
export async function authenticateAgent<P, T>(
  authorization: string | null,
  alongside?: { read: TokenRead<P, T>; routeParams: P },
): Promise<{ principal: AgentPrincipal; read: T | undefined }> {
  if (!authorization) throw unauthorized("Missing bearer token. Send Authorization: Bearer ot_pat_….");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const parts = match ? TOKEN_PATTERN.exec(match[1]) : null;
  if (!parts) throw unauthorized("Malformed bearer token.");
  const [, publicId, secret] = parts;

  // Hot path (every agent request): one round trip on the fast read path — token, account and features joined.
  const rows = alongside
    ? await readRows(alongside.read.sql, ...alongside.read.params(alongside.routeParams), publicId)
    : await readRows(TOKEN_SQL, publicId);
  // One message for unknown, wrong secret, revoked and expired: the caller learns nothing about which.
  // Built only when thrown: an Error captures a stack trace, which is not free on every valid request.
  const invalid = () => unauthorized("Invalid, expired or revoked token.");
  if (rows.length === 0) throw invalid();
  const token = tokenFromRow(rows[0]);
  // Compared as hex text, in constant time: decoding both digests back to bytes first would add nothing.
  const expected = Buffer.from(token.secretHash, "latin1");
  const given = Buffer.from(hashTokenSecret(secret), "latin1");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  const at = now();
  if (token.isRevoked || (token.expiresAt && token.expiresAt <= at)) throw invalid();

  if (!token.lastUsedAt || at.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const client = await db();
    await client.apiToken.updateMany({ where: { id: token.id, lastUsedAt: token.lastUsedAt }, data: { lastUsedAt: at } });
  }

  const principal: AgentPrincipal = {
    tokenId: token.id,
    tokenLabel: token.label,
    accountId: token.accountId,
    scopes: parseScopes(token.scopes),
    account: {
      id: token.accountId,
      isClaimed: token.isClaimed,
      features: typeof rows[0].featureKeys === "string" ? parseFeatures(rows[0].featureKeys) : [],
    },
  };
  return { principal, read: alongside ? alongside.read.parse(rows[0]) : undefined };
}
