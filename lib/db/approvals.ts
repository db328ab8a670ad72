import "server-only";
import { readRows, writeRows, type Row } from "@/lib/db/direct";
import { directWriteCommitted } from "@/lib/db/event-wakes";
import { withEvents, type EventRow } from "@/lib/db/events";
import { columnsOf, pickPrefixed, selectAs, toDate } from "@/lib/db/rows";
import type { Approval } from "@/lib/db/types";

const APPROVAL_COLUMNS = columnsOf<Approval>()(
  "id type status accountId contractId milestoneId jobId proposalId pendingKey amountCents payeeFreelancerId factsHash terms requestedByTokenId expiresAt resolvedAt resolvedByHumanId result createdAt",
);
const DATE_COLUMNS = ["expiresAt", "resolvedAt", "createdAt"] as const;
const COLUMN_LIST = APPROVAL_COLUMNS.map((column) => `"${column}"`).join(", ");

/**
 * The due-expiry predicate in SQL — pending, and its window has passed at the bound moment — for the approval
 * table under `alias`. The one SQL form of lib/approvals/expire-approvals.ts's isDue(); every statement here that
 * asks "is it due" uses this.
 */
export const dueApprovalSql = (alias: string) => `${alias}."status" = 'pending' AND ${alias}."expiresAt" <= ?`;

function approvalFromRow(row: Row): Approval {
  const approval: Row = { ...row };
  for (const column of DATE_COLUMNS) approval[column] = toDate(row[column]);
  return approval as Approval;
}

const PREFIX = "approval_";

/** For a statement that joins an approval in as `alias`: its columns, each prefixed (see joinedApproval). */
export const joinedApprovalColumns = (alias: string) => selectAs(alias, PREFIX, APPROVAL_COLUMNS);

/** The approval joined into a row by joinedApprovalColumns, or null when the (left) join found none. */
export function joinedApproval(row: Row): Approval | null {
  if (row[`${PREFIX}id`] === null || row[`${PREFIX}id`] === undefined) return null;
  return pickPrefixed<Approval>(row, PREFIX, APPROVAL_COLUMNS, DATE_COLUMNS);
}

const BY_PENDING_KEY_SQL = `SELECT ${COLUMN_LIST} FROM "Approval" WHERE "pendingKey" = ?`;

/** The approval holding this pending key (a unique index), if any. */
export async function readApprovalByPendingKey(pendingKey: string): Promise<Approval | null> {
  const [row] = await readRows(BY_PENDING_KEY_SQL, [pendingKey]);
  return row ? approvalFromRow(row) : null;
}

const DUE_SQL = `SELECT ${COLUMN_LIST} FROM "Approval" a WHERE ${dueApprovalSql("a")} ORDER BY a."expiresAt" ASC LIMIT ?`;
const DUE_OF_ACCOUNT_SQL = `SELECT ${COLUMN_LIST} FROM "Approval" a WHERE ${dueApprovalSql("a")} AND a."accountId" = ? ORDER BY a."expiresAt" ASC LIMIT ?`;

/** The approvals due to expire at `at` (of one account, or all), soonest first: the (status, expiresAt) index. */
export async function readDueApprovals(input: { at: Date; accountId?: string; limit: number }): Promise<Approval[]> {
  const rows = input.accountId
    ? await readRows(DUE_OF_ACCOUNT_SQL, [input.at, input.accountId, input.limit])
    : await readRows(DUE_SQL, [input.at, input.limit]);
  return rows.map(approvalFromRow);
}

// Built once: the statement caches are keyed by the SQL text.
const INSERT_SQL = `INSERT INTO "Approval" (${COLUMN_LIST}) VALUES (${APPROVAL_COLUMNS.map(() => "?").join(", ")})`;

/**
 * Records a new approval and its events in one direct transaction: both commit or neither. No money moves here, so
 * this hot write may skip Prisma's engine (docs/decisions/0003-fast-path.md). A unique index refusing the row
 * (another request took its pending key) rejects with a UniqueViolation (isUniqueViolation). Once committed, the
 * account's long polls are woken (on PostgreSQL by the statement itself).
 */
export async function insertApprovalWithEvents(approval: Approval, events: readonly EventRow[]): Promise<void> {
  await writeRows(withEvents({ sql: INSERT_SQL, params: APPROVAL_COLUMNS.map((column) => approval[column]) }, events));
  directWriteCommitted(events);
}
