import "server-only";
import { isPostgres, type Db } from "@/lib/db/client";

/** A delivery attempt this worker now owns until `leaseUntil` (attempts already counts it). */
export type ClaimedDelivery = { id: string; webhookId: string; eventId: number; attempts: number };

// Concurrency: one statement claims a batch. The subquery locks the due rows it picks and skips any another worker
// has locked (FOR UPDATE … SKIP LOCKED), and the UPDATE moves their nextAttemptAt to the lease's end, so after
// commit no other worker sees them as due. A row another worker claimed after this statement's snapshot is
// re-checked against the WHERE by PostgreSQL's row locking (it is no longer due) and left out.
const CLAIM_SQL = `UPDATE "WebhookDelivery" d
  SET "attempts" = d."attempts" + 1, "nextAttemptAt" = $2::timestamp(3), "lastAttemptAt" = $1::timestamp(3)
  WHERE d."id" IN (
    SELECT c."id" FROM "WebhookDelivery" c JOIN "Webhook" w ON w."id" = c."webhookId"
    WHERE c."status" = 'PENDING' AND c."nextAttemptAt" <= $1::timestamp(3) AND w."status" = 'ACTIVE'
    ORDER BY c."nextAttemptAt" ASC
    LIMIT $3
    FOR UPDATE OF c SKIP LOCKED)
  RETURNING d."id", d."webhookId", d."eventId", d."attempts"`;

// SQLite: the same claim without row locks — SQLite has one writer at a time, so the statement is atomic by itself —
// and with Prisma's date text ("…+00:00") for the comparisons, since that is how the column is stored.
const SQLITE_CLAIM_SQL = `UPDATE "WebhookDelivery"
  SET "attempts" = "attempts" + 1, "nextAttemptAt" = ?, "lastAttemptAt" = ?
  WHERE "id" IN (
    SELECT c."id" FROM "WebhookDelivery" c JOIN "Webhook" w ON w."id" = c."webhookId"
    WHERE c."status" = 'PENDING' AND c."nextAttemptAt" <= ? AND w."status" = 'ACTIVE'
    ORDER BY c."nextAttemptAt" ASC
    LIMIT ?)
  RETURNING "id", "webhookId", "eventId", "attempts"`;

const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

/**
 * Claims up to `limit` due attempts of ACTIVE webhooks, in one statement: each is claimed by exactly one worker, in
 * any number of processes.
 */
export async function claimDueDeliveries(
  client: Db,
  input: { at: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const rows = isPostgres()
    ? await client.$queryRawUnsafe<ClaimedDelivery[]>(
        CLAIM_SQL,
        input.at.toISOString(),
        input.leaseUntil.toISOString(),
        input.limit,
      )
    : await client.$queryRawUnsafe<ClaimedDelivery[]>(
        SQLITE_CLAIM_SQL,
        sqliteDate(input.leaseUntil),
        sqliteDate(input.at),
        sqliteDate(input.at),
        input.limit,
      );
  return rows.map((row) => ({ ...row, eventId: Number(row.eventId), attempts: Number(row.attempts) }));
}
