import "server-only";
import { now } from "@/lib/clock";
import { isPostgres, type Tx } from "@/lib/db";
import type { Statement } from "@/lib/db-direct";
import type { EventType } from "@/lib/events/event-types";

export type NewEvent = {
  accountId: string;
  type: EventType;
  resourceId: string;
  jobId?: string | null;
  /** Ids only, never content: the feed can be read by tokens that may not see the content. */
  data: Record<string, string | number | boolean | null>;
};

/** Arbitrary, fixed key of the advisory lock that orders event inserts. */
const EVENT_ORDER_LOCK = 7_230_011;

/**
 * Appends events inside the caller's transaction, so they commit with the change they describe — or not at all.
 *
 * Why the lock: the feed's cursor is the event id. On PostgreSQL two transactions can take ids 10 and 11 and commit
 * 11 first; a reader who saw 11 would move its cursor past 10 and never see it. Holding a transaction-scoped
 * advisory lock from the first event insert to commit makes ids become visible in order. It is taken at the end of
 * the transaction's work, so it is held for the commit only. SQLite has one writer at a time already.
 */
export async function emitEvents(tx: Tx, events: NewEvent[]) {
  if (events.length === 0) return;
  if (isPostgres()) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`);
  const createdAt = now();
  for (const event of events) {
    await tx.event.create({
      data: {
        accountId: event.accountId,
        type: event.type,
        resourceId: event.resourceId,
        jobId: event.jobId ?? null,
        data: JSON.stringify(event.data),
        createdAt,
      },
    });
  }
}

const EVENT_COLUMNS = ["accountId", "type", "resourceId", "jobId", "data", "createdAt"] as const;
const EVENT_COLUMN_LIST = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
const INSERT_EVENT_SQL = `INSERT INTO "Event" (${EVENT_COLUMN_LIST}) VALUES (?, ?, ?, ?, ?, ?)`;
// The PostgreSQL statement per (row insert, number of events), built once: the statement caches are keyed by the
// SQL text, and building and hashing a fresh copy on every request is not free.
const cteSql = new Map<string, Map<number, string>>();
function insertWithEventsSql(insertSql: string, eventCount: number): string {
  let byCount = cteSql.get(insertSql);
  if (!byCount) cteSql.set(insertSql, (byCount = new Map()));
  let sql = byCount.get(eventCount);
  if (!sql) {
    const rows = Array.from({ length: eventCount }, () => "(?, ?, ?, ?, ?, ?::timestamp(3))").join(", ");
    sql = `WITH inserted AS (${insertSql} RETURNING 1),
                 event_order AS (SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}) FROM inserted)
            INSERT INTO "Event" (${EVENT_COLUMN_LIST})
            SELECT v.* FROM (VALUES ${rows}) AS v(${EVENT_COLUMN_LIST}), event_order`;
    byCount.set(eventCount, sql);
  }
  return sql;
}

function eventValues(event: NewEvent, createdAt: Date) {
  return [event.accountId, event.type, event.resourceId, event.jobId ?? null, JSON.stringify(event.data), createdAt];
}

/**
 * A row insert plus its events as direct-driver statements (lib/db-direct.ts writeRows), committed together.
 * On PostgreSQL it is ONE statement — a data-modifying CTE, atomic by itself — so the whole write is one round trip
 * and the event-order lock is held only for that statement's commit. On SQLite (one writer at a time, no lock
 * needed) it is the plain statements in one transaction.
 */
export function insertWithEvents(insert: Statement, events: NewEvent[]): Statement[] {
  const createdAt = now();
  if (!isPostgres()) {
    return [insert, ...events.map((event) => ({ sql: INSERT_EVENT_SQL, params: eventValues(event, createdAt) }))];
  }
  if (events.length === 0) return [insert];
  return [
    {
      sql: insertWithEventsSql(insert.sql, events.length),
      params: [...insert.params, ...events.flatMap((event) => eventValues(event, createdAt))],
    },
  ];
}
