import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { readRows, withDates, type Row } from "@/lib/db-read";

const DATE_COLUMNS = ["expiresAt", "resolvedAt", "createdAt"] as const;

export function approvalFromRow(row: Row): Approval {
  return withDates<Approval>(row, DATE_COLUMNS);
}

/** Fast-path reads of approvals (lib/db-read.ts). */
export async function readApprovals(sql: string, ...params: unknown[]): Promise<Approval[]> {
  return (await readRows(sql, ...params)).map(approvalFromRow);
}
