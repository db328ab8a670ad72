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

/**
 * Claims up to `limit` due attempts of ACTIVE webhooks: each is claimed by exactly one worker, in any number of
 * processes. On SQLite (one process, one writer) each due row is taken by a conditional write on its attempt count
 * instead, which is just as exclusive between the workers of that process.
 */
export async function claimDueDeliveries(
  client: Db,
  input: { at: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  if (isPostgres()) {
    const rows = await client.$queryRawUnsafe<ClaimedDelivery[]>(
      CLAIM_SQL,
      input.at.toISOString(),
      input.leaseUntil.toISOString(),
      input.limit,
    );
    return rows.map((row) => ({ ...row, eventId: Number(row.eventId), attempts: Number(row.attempts) }));
  }
  const due = await client.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: input.at }, webhook: { status: "ACTIVE" } },
    orderBy: { nextAttemptAt: "asc" },
    take: input.limit,
    select: { id: true, webhookId: true, eventId: true, attempts: true },
  });
  const claimed: ClaimedDelivery[] = [];
  for (const row of due) {
    const { count } = await client.webhookDelivery.updateMany({
      where: { id: row.id, status: "PENDING", attempts: row.attempts, nextAttemptAt: { lte: input.at } },
      data: { attempts: row.attempts + 1, nextAttemptAt: input.leaseUntil, lastAttemptAt: input.at },
    });
    if (count === 1) claimed.push({ ...row, attempts: row.attempts + 1 });
  }
  return claimed;
}
