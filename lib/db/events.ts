import "server-only";
import type { Tx } from "@/lib/db/client";
import { isPostgres } from "@/lib/db/client";
import { readRows, type Statement } from "@/lib/db/direct";
import { holdUntilCommit, NOTIFY_SQL, wakePayload } from "@/lib/db/event-wakes";
import { toIsoString } from "@/lib/db/rows";

/** An event as stored: `data` is JSON text (lib/events writes it with JSON.stringify and nothing else writes it). */
export type EventRow = {
  accountId: string;
  type: string;
  resourceId: string;
  jobId: string | null;
  data: string;
  createdAt: Date;
};

/** Arbitrary, fixed key of the advisory lock that orders event inserts. */
const EVENT_ORDER_LOCK = 7_230_011;

/**
 * Inside a Prisma transaction, before its first event insert. Why: the feed's cursor is the event id. On PostgreSQL
 * two transactions can take ids 10 and 11 and commit 11 first; a reader who saw 11 would move its cursor past 10
 * and never see it. Holding a transaction-scoped advisory lock from the first event insert to commit makes ids
 * become visible in order; taken at the end of the transaction's work, it is held for the commit only. SQLite has
 * one writer at a time already.
 *
 * The same statement queues the long-poll wake (./event-wakes.ts): pg_notify is delivered at commit, and only if
 * the transaction commits, so it costs the transaction no extra round trip. On SQLite the wake waits in-process
 * for the adapter's commit.
 */
export async function lockEventOrder(tx: Tx, events: readonly { accountId: string; type: string }[]) {
  if (isPostgres()) {
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}), ${NOTIFY_SQL.replace("?", "$1")}`,
      wakePayload(events),
    );
  } else {
    holdUntilCommit(events);
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
  if (!byCount) cteSql.set(insertSql, (byCount = new Map<number, string>()));
  let sql = byCount.get(eventCount);
  if (!sql) {
    const rows = Array.from({ length: eventCount }, () => "(?, ?, ?, ?, ?, ?::timestamp(3))").join(", ");
    sql = `WITH inserted AS (${insertSql} RETURNING 1),
                 event_order AS (SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}), ${NOTIFY_SQL} FROM inserted)
            INSERT INTO "Event" (${EVENT_COLUMN_LIST})
            SELECT v.* FROM (VALUES ${rows}) AS v(${EVENT_COLUMN_LIST}), event_order`;
    byCount.set(eventCount, sql);
  }
  return sql;
}

const eventValues = (event: EventRow) => EVENT_COLUMNS.map((column) => event[column]);

/**
 * A row insert plus its events as statements for the direct writer (./direct.ts writeRows), committed together.
 * On PostgreSQL it is ONE statement — a data-modifying CTE, atomic by itself — so the whole write is one round trip
 * and the event-order lock is held only for that statement's commit; the same statement notifies the long-poll
 * listeners (./event-wakes.ts). On SQLite (one writer at a time, no lock needed) it is the plain statements in one
 * transaction, and the caller announces the commit (directWriteCommitted).
 */
export function withEvents(insert: Statement, events: readonly EventRow[]): Statement[] {
  if (!isPostgres()) return [insert, ...events.map((event) => ({ sql: INSERT_EVENT_SQL, params: eventValues(event) }))];
  if (events.length === 0) return [insert];
  return [
    {
      sql: insertWithEventsSql(insert.sql, events.length),
      params: [...insert.params, wakePayload(events), ...events.flatMap(eventValues)],
    },
  ];
}

/** One event as the feed shows it; `dataJson` is the stored JSON text of `data`. */
export type FeedEvent = {
  id: string;
  type: string;
  createdAt: string;
  resourceId: string;
  jobId: string | null;
  dataJson: string;
};

// One statement per number of types, built once (the statement caches are keyed by the SQL text).
const FEED_SQL = new Map<number, string>();
function feedSql(typeCount: number): string {
  let sql = FEED_SQL.get(typeCount);
  if (!sql) {
    sql = `SELECT "id", "type", "resourceId", "jobId", "data", "createdAt" FROM "Event"
      WHERE "accountId" = ? AND "id" > ? AND "type" IN (${Array.from({ length: typeCount }, () => "?").join(", ")}) ORDER BY "id" ASC LIMIT ?`;
    FEED_SQL.set(typeCount, sql);
  }
  return sql;
}

/**
 * The account's events after `afterId` of the given types, oldest first: an index-ordered range scan on
 * (accountId, id), the hot path of every feed poll.
 */
export async function readEvents(input: {
  accountId: string;
  afterId: number;
  types: readonly string[];
  limit: number;
}): Promise<FeedEvent[]> {
  if (input.types.length === 0) return [];
  const rows = await readRows(feedSql(input.types.length), [
    input.accountId,
    input.afterId,
    ...input.types,
    input.limit,
  ]);
  return rows.map((event) => ({
    id: String(event.id),
    type: String(event.type),
    createdAt: toIsoString(event.createdAt),
    resourceId: String(event.resourceId),
    jobId: (event.jobId as string | null) ?? null,
    dataJson: String(event.data),
  }));
}
