import "server-only";
import type { Approval } from "@/generated/sqlite/client";
import { readRows, withDates, type Row } from "@/lib/db-direct";

const DATE_COLUMNS = ["expiresAt", "resolvedAt", "createdAt"] as const;

export function approvalFromRow(row: Row): Approval {
  return withDates<Approval>(row, DATE_COLUMNS);
}

/** Fast-path reads of approvals (lib/db-direct.ts). */
export async function readApprovals(sql: string, ...params: unknown[]): Promise<Approval[]> {
  return (await readRows(sql, ...params)).map(approvalFromRow);
}
