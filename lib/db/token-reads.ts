import "server-only";
import { dueApprovalSql, joinedApproval, joinedApprovalColumns } from "@/lib/db/approvals";
import { readRows, type Row } from "@/lib/db/direct";
import {
  MILESTONE_FOR_APPROVAL_COLUMNS,
  milestoneForApprovalFromRow,
  type MilestoneForApproval,
} from "@/lib/db/milestones";
import { isSet, toDate } from "@/lib/db/rows";
import type { Approval, ApprovalType } from "@/lib/db/types";

/**
 * The statements that check a bearer token, each defined here in full with what it maps its row to. The hot routes
 * read their resource in the token lookup's own statement: one round trip and one snapshot instead of two. On
 * PostgreSQL a round trip costs the server and the driver together about a quarter of what Next's whole handling of
 * a request costs (docs/reliability.md). Every joined row is scoped to the token's account in its join, so another
 * account's resource reads exactly like a missing one; what a statement read is for the caller to hand out only
 * once it has found the token valid (lib/auth/api-tokens.ts).
 */
export type TokenRecord = {
  id: string;
  secretHash: string;
  accountId: string;
  label: string;
  /** Space-separated, as stored. */
  scopes: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Only whether: the moments themselves are not needed to authenticate. */
  isRevoked: boolean;
  isClaimed: boolean;
  /** The account's feature keys, space-separated (FEATURE_KEYS hold no space); null when it has none. */
  featureKeys: string | null;
};

/** What a token read found: the token (null: no such public id) and the resource read with it. */
export type TokenAnd<T> = { token: TokenRecord | null; value: T };

// The account's features come as one space-separated column (string_agg: PostgreSQL, and SQLite since 3.44) rather
// than a join, so each statement returns one row, not one per feature (measured: 21 → 15 µs per statement for two
// features on SQLite, where building each row's object costs more than the lookups).
const TOKEN_COLUMNS = `tok."id", tok."secretHash", tok."accountId", tok."label", tok."scopes", tok."lastUsedAt", tok."expiresAt",
       tok."revokedAt", acct."claimedAt",
       (SELECT string_agg(feat."key", ' ') FROM "AccountFeature" feat WHERE feat."accountId" = tok."accountId") AS "featureKeys"`;
const FROM_TOKEN = `FROM "ApiToken" tok JOIN "Account" acct ON acct."id" = tok."accountId"`;

function tokenFromRow(row: Row | undefined): TokenRecord | null {
  if (!row) return null;
  return {
    id: row.id as string,
    secretHash: row.secretHash as string,
    accountId: row.accountId as string,
    label: row.label as string,
    scopes: row.scopes as string,
    lastUsedAt: toDate(row.lastUsedAt),
    expiresAt: toDate(row.expiresAt),
    isRevoked: isSet(row.revokedAt),
    isClaimed: isSet(row.claimedAt),
    featureKeys: typeof row.featureKeys === "string" ? row.featureKeys : null,
  };
}

const TOKEN_SQL = `SELECT ${TOKEN_COLUMNS} ${FROM_TOKEN} WHERE tok."publicId" = ?`;

/** The token alone. */
export async function readToken(publicId: string): Promise<TokenAnd<undefined>> {
  const [row] = await readRows(TOKEN_SQL, [publicId]);
  return { token: tokenFromRow(row), value: undefined };
}

const TOKEN_AND_APPROVAL_SQL = `SELECT ${TOKEN_COLUMNS}, ${joinedApprovalColumns("r")} ${FROM_TOKEN}
  LEFT JOIN "Approval" r ON r."id" = ? AND r."accountId" = tok."accountId"
  WHERE tok."publicId" = ?`;

/** The token and one approval of its account (null: none with that id there) — a poll is one round trip. */
export async function readTokenAndApproval(publicId: string, approvalId: string): Promise<TokenAnd<Approval | null>> {
  const [row] = await readRows(TOKEN_AND_APPROVAL_SQL, [approvalId, publicId]);
  return { token: tokenFromRow(row), value: row ? joinedApproval(row) : null };
}

const TOKEN_AND_MILESTONE_SQL = `SELECT ${TOKEN_COLUMNS}, ${MILESTONE_FOR_APPROVAL_COLUMNS} ${FROM_TOKEN}
  LEFT JOIN "Milestone" m ON m."id" = ?
  LEFT JOIN "Contract" c ON c."id" = m."contractId" AND c."accountId" = tok."accountId"
  LEFT JOIN "Approval" a ON a."pendingKey" = ? AND a."accountId" = tok."accountId"
  WHERE tok."publicId" = ?`;

/**
 * The token, and a milestone on a contract of its account with its contract and the approval pending on it under
 * `pendingKey` (null: no such milestone there) — a replayed approve or fund is one round trip.
 */
export async function readTokenAndMilestone(
  publicId: string,
  milestoneId: string,
  pending: { type: ApprovalType; key: string },
): Promise<TokenAnd<MilestoneForApproval | null>> {
  const [row] = await readRows(TOKEN_AND_MILESTONE_SQL, [milestoneId, pending.key, publicId]);
  return { token: tokenFromRow(row), value: row ? milestoneForApprovalFromRow(row, pending.type) : null };
}

const TOKEN_AND_DUE_SQL = `SELECT ${TOKEN_COLUMNS},
  (SELECT d."id" FROM "Approval" d WHERE d."accountId" = tok."accountId" AND ${dueApprovalSql("d")}
    ORDER BY d."expiresAt" LIMIT 1) AS "due_id"
  ${FROM_TOKEN} WHERE tok."publicId" = ?`;

/**
 * The token, and whether any of its account's approvals is due to expire at `at`: a feed poll with nothing to
 * expire — nearly every one — skips that query. An index range scan on (accountId, status, expiresAt).
 */
export async function readTokenAndAnyDueApproval(publicId: string, at: Date): Promise<TokenAnd<boolean>> {
  const [row] = await readRows(TOKEN_AND_DUE_SQL, [at, publicId]);
  return { token: tokenFromRow(row), value: row ? isSet(row.due_id) : false };
}
