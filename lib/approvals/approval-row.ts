import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { readRows, toDate, withDates, type Row } from "@/lib/db-direct";

const DATE_COLUMNS = ["expiresAt", "resolvedAt", "createdAt"] as const;

/** Every column of Approval; the Record type makes the compiler refuse a list that misses one. */
const COLUMN_SET: Record<keyof Approval, true> = {
  id: true,
  type: true,
  status: true,
  accountId: true,
  contractId: true,
  milestoneId: true,
  jobId: true,
  proposalId: true,
  pendingKey: true,
  amountCents: true,
  payeeFreelancerId: true,
  factsHash: true,
  requestedByTokenId: true,
  expiresAt: true,
  resolvedAt: true,
  resolvedByHumanId: true,
  result: true,
  createdAt: true,
};
export const APPROVAL_COLUMNS = Object.keys(COLUMN_SET) as (keyof Approval)[];
const PREFIX = "approval_";

export function approvalFromRow(row: Row): Approval {
  return withDates<Approval>(row, DATE_COLUMNS);
}

/** Fast-path reads of approvals (lib/db-direct.ts). */
export async function readApprovals(sql: string, ...params: unknown[]): Promise<Approval[]> {
  return (await readRows(sql, ...params)).map(approvalFromRow);
}

/** For a query that joins an approval in as `alias`: its columns, each aliased with a prefix (see joinedApproval). */
export function joinedApprovalColumns(alias: string): string {
  return APPROVAL_COLUMNS.map((column) => `${alias}."${column}" AS "${PREFIX}${column}"`).join(", ");
}

const PREFIXED_COLUMNS = APPROVAL_COLUMNS.map((column) => [column, `${PREFIX}${column}`] as const);

const ID_ALIAS = `${PREFIX}id`;

/** The approval joined into a row by joinedApprovalColumns, or null when the (left) join found none. */
export function joinedApproval(row: Row): Approval | null {
  if (row[ID_ALIAS] === null || row[ID_ALIAS] === undefined) return null;
  // Built in one object (this runs on every poll): the columns, then its dates in place.
  const approval: Row = {};
  for (const [column, alias] of PREFIXED_COLUMNS) approval[column] = row[alias];
  for (const column of DATE_COLUMNS) approval[column] = toDate(approval[column]);
  return approval as Approval;
}
