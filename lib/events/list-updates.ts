import "server-only";
import { JsonText } from "@/lib/api/respond";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { TokenRead } from "@/lib/auth/api-tokens";
import { hasScope, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import { readRows, toIsoString } from "@/lib/db-direct";
import { EVENT_READ_SCOPES, EVENT_TYPES, type EventType } from "@/lib/events/event-types";

export function readableEventTypes(scopes: readonly Scope[]): EventType[] {
  return EVENT_TYPES.filter((type) => EVENT_READ_SCOPES[type].some((scope) => hasScope(scopes, scope)));
}

// One statement per number of readable types, built once: the statement caches are keyed by the SQL text, and
// building and hashing a fresh copy on every poll is not free.
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
 * Whether any of the account's pending approvals is past its window, read with the caller's token (withAgent's
 * preload): a feed poll with nothing to expire — nearly every one — skips that query. An index range scan on
 * (accountId, status, expiresAt).
 */
export const anyDueApprovalWithToken = new TokenRead<unknown, boolean>(
  `(SELECT d."id" FROM "Approval" d
     WHERE d."accountId" = tok."accountId" AND d."status" = 'pending' AND d."expiresAt" <= ?
     ORDER BY d."expiresAt" LIMIT 1) AS "due_id"`,
  "",
  () => [now()],
  (row) => row.due_id !== null && row.due_id !== undefined,
);

/** One event as the feed shows it; `dataJson` is the stored JSON text of `data` (written by emit-events). */
type FeedEvent = { id: string; type: string; createdAt: string; resourceId: string; jobId: string | null; dataJson: string };
export type UpdatesPage = { events: FeedEvent[]; nextCursor: string | null; hasMore: boolean };

/** GET /updates: the account's events after `cursor`, oldest first, only of types the token may read. */
export async function listUpdates(input: {
  accountId: string;
  scopes: readonly Scope[];
  cursor?: number;
  limit: number;
  /** What anyDueApprovalWithToken found; undefined looks itself. */
  anyDue?: boolean;
}): Promise<UpdatesPage> {
  // Approvals whose window has passed are expired first, so their events are in this very page, on time.
  if (input.anyDue !== false) await expireDueApprovals({ accountId: input.accountId });
  const types = readableEventTypes(input.scopes);
  // messages:read alone passes the gate but no message events exist yet: an empty page, not an empty IN ().
  if (types.length === 0) return { events: [], nextCursor: input.cursor !== undefined ? String(input.cursor) : null, hasMore: false };
  // Hot path of every feed poll: an index-ordered range scan on (accountId, id), on the fast read path.
  const rows = await readRows(
    feedSql(types.length),
    input.accountId,
    input.cursor ?? 0,
    ...types,
    input.limit + 1,
  );
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    events: page.map((event) => ({
      id: String(event.id),
      type: String(event.type),
      createdAt: toIsoString(event.createdAt),
      resourceId: String(event.resourceId),
      jobId: (event.jobId as string | null) ?? null,
      dataJson: String(event.data),
    })),
    // With nothing new, the cursor the client sent is still the right one to send next time.
    nextCursor: last ? String(last.id) : input.cursor !== undefined ? String(input.cursor) : null,
    hasMore,
  };
}

/**
 * The response body (contract §6). Each event's `data` is spliced in as stored — it was written by JSON.stringify in
 * emit-events and nothing else writes it — instead of being parsed and serialized again on every poll.
 */
export function updatesPageJson(page: UpdatesPage): JsonText {
  const events = page.events.map(
    (event) =>
      `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"apiVersion":"v1","createdAt":${JSON.stringify(event.createdAt)},` +
      `"resourceId":${JSON.stringify(event.resourceId)},"jobId":${JSON.stringify(event.jobId)},"data":${event.dataJson}}`,
  );
  return new JsonText(`{"events":[${events.join(",")}],"nextCursor":${JSON.stringify(page.nextCursor)},"hasMore":${page.hasMore}}`);
}
