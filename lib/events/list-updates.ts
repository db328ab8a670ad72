import "server-only";
import { JsonText } from "@/lib/api/respond";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { hasScope, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import { readEvents, readTokenAndAnyDueApproval, type FeedEvent } from "@/lib/db";
import { EVENT_READ_SCOPES, EVENT_TYPES, type EventType } from "@/lib/events/event-types";

export function readableEventTypes(scopes: readonly Scope[]): EventType[] {
  return EVENT_TYPES.filter((type) => EVENT_READ_SCOPES[type].some((scope) => hasScope(scopes, scope)));
}

/**
 * GET /updates reads, in the token lookup's statement, whether any of the account's approvals is due (withAgent's
 * preload): a feed poll with nothing to expire — nearly every one — skips that query.
 */
export const anyDueApprovalPreload = (publicId: string) => readTokenAndAnyDueApproval(publicId, now());

export type UpdatesPage = { events: FeedEvent[]; nextCursor: string | null; hasMore: boolean };

/** GET /updates: the account's events after `cursor`, oldest first, only of types the token may read. */
export async function listUpdates(input: {
  accountId: string;
  scopes: readonly Scope[];
  cursor?: number;
  limit: number;
  /** What anyDueApprovalPreload found. */
  anyDue: boolean;
}): Promise<UpdatesPage> {
  // Approvals whose window has passed are expired first, so their events are in this very page, on time.
  if (input.anyDue) await expireDueApprovals({ accountId: input.accountId });
  return readUpdatesPage({ ...input, types: readableEventTypes(input.scopes) });
}

/** One page of the account's events of `types` after `cursor` (the read a woken long poll repeats, too). */
export async function readUpdatesPage(input: {
  accountId: string;
  types: readonly EventType[];
  cursor?: number;
  limit: number;
}): Promise<UpdatesPage> {
  // messages:read alone passes the gate but no message events exist yet: an empty page, not an empty IN ().
  if (input.types.length === 0) return emptyPage(input.cursor);
  const rows = await readEvents({
    accountId: input.accountId,
    afterId: input.cursor ?? 0,
    types: input.types,
    limit: input.limit + 1,
  });
  const hasMore = rows.length > input.limit;
  const events = hasMore ? rows.slice(0, input.limit) : rows;
  const last = events.at(-1);
  return last ? { events, nextCursor: String(last.id), hasMore } : emptyPage(input.cursor);
}

/** With nothing new, the cursor the client sent is still the right one to send next time. */
export function emptyPage(cursor: number | undefined): UpdatesPage {
  return { events: [], nextCursor: cursor !== undefined ? String(cursor) : null, hasMore: false };
}

/**
 * One event record as the feed shows it, and as a webhook delivery's body is (contract §6). Its `data` is spliced in
 * as stored — it was written by JSON.stringify in emit-events and nothing else writes it — instead of being parsed
 * and serialized again on every poll.
 */
export function eventRecordJson(event: FeedEvent): string {
  return (
    `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"apiVersion":"v1","createdAt":${JSON.stringify(event.createdAt)},` +
    `"resourceId":${JSON.stringify(event.resourceId)},"jobId":${JSON.stringify(event.jobId)},"data":${event.dataJson}}`
  );
}

/** The response body (contract §6). */
export function updatesPageJson(page: UpdatesPage): JsonText {
  const events = page.events.map(eventRecordJson);
  return new JsonText(
    `{"events":[${events.join(",")}],"nextCursor":${JSON.stringify(page.nextCursor)},"hasMore":${page.hasMore}}`,
  );
}
