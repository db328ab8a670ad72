import "server-only";
import { readRows, writeRows } from "@/lib/db/direct";
import { toDate } from "@/lib/db/rows";
import type { NoticeKind } from "@/lib/db/types";

// The approval-email outbox's two hand-written statements (lib/notify/plan-notices.ts is their one caller): which
// owners of which open approvals have no new-approval notice yet, and recording notices so that one already there
// is left alone. Everything else about notices is plain Prisma.

/** An owner of an open approval's account who has not been planned a new-approval email for it. */
export type UnplannedOwner = { approvalId: string; humanId: string; createdAt: Date; expiresAt: Date };

// Open: pending and inside its window (the (status, expiresAt) index). The anti-join is on the notice table's
// unique (approvalId, humanId, kind) index. Approvals of accounts without owners yield no row, so they cannot fill
// the page and starve the others. Owners: the SQL form of lib/accounts/account-access.ts's MONEY_ROLES (who decides
// is who is told); the sender re-checks it through that module before each email.
const UNPLANNED_OWNERS_SQL = `SELECT a."id" AS "approvalId", m."humanId" AS "humanId", a."createdAt" AS "createdAt",
       a."expiresAt" AS "expiresAt"
  FROM "Approval" a
  JOIN "Membership" m ON m."accountId" = a."accountId" AND m."role" = 'OWNER'
 WHERE a."status" = 'pending' AND a."expiresAt" > ?
   AND NOT EXISTS (SELECT 1 FROM "ApprovalNotice" n
                    WHERE n."approvalId" = a."id" AND n."humanId" = m."humanId" AND n."kind" = 'NEW_APPROVAL')
 ORDER BY a."createdAt" ASC, a."id" ASC, m."humanId" ASC
 LIMIT ?`;

/** Owners of approvals open at `at` who have no new-approval notice for them yet, oldest approval first. */
export async function readUnplannedOwners(input: { at: Date; limit: number }): Promise<UnplannedOwner[]> {
  const rows = await readRows(UNPLANNED_OWNERS_SQL, [input.at, input.limit]);
  return rows.map((row) => ({
    approvalId: row.approvalId as string,
    humanId: row.humanId as string,
    createdAt: toDate(row.createdAt)!,
    expiresAt: toDate(row.expiresAt)!,
  }));
}

export type PlannedNotice = { id: string; approvalId: string; humanId: string; kind: NoticeKind; dueAt: Date };

// ON CONFLICT DO NOTHING on the unique (approvalId, humanId, kind): two processes planning the same owner at once
// both succeed, and only the first row stands — the email is owed once (SQLite ≥ 3.24 and PostgreSQL alike).
const INSERT_NOTICE_SQL = `INSERT INTO "ApprovalNotice" ("id", "approvalId", "humanId", "kind", "status", "dueAt", "attempts", "createdAt")
VALUES (?, ?, ?, ?, 'PENDING', ?, 0, ?)
ON CONFLICT ("approvalId", "humanId", "kind") DO NOTHING`;

/** Records the notices (one transaction); any that is already there for its approval, human and kind is kept. */
export async function insertNoticesIfAbsent(notices: readonly PlannedNotice[], createdAt: Date): Promise<void> {
  if (notices.length === 0) return;
  await writeRows(
    notices.map((n) => ({
      sql: INSERT_NOTICE_SQL,
      params: [n.id, n.approvalId, n.humanId, n.kind, n.dueAt, createdAt],
    })),
  );
}
