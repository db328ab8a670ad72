import "server-only";
import { now } from "@/lib/clock";
import { lockEventOrder, type EventRow, type Tx } from "@/lib/db";
import type { EventType } from "@/lib/events/event-types";

export type NewEvent = {
  accountId: string;
  type: EventType;
  resourceId: string;
  jobId?: string | null;
  /** Ids only, never content: the feed can be read by tokens that may not see the content. */
  data: Record<string, string | number | boolean | null>;
};

/** Events as stored: `data` as JSON text, which the feed splices into its answer as is (list-updates.ts). */
export function toEventRows(events: readonly NewEvent[]): EventRow[] {
  const createdAt = now();
  return events.map((event) => ({
    accountId: event.accountId,
    type: event.type,
    resourceId: event.resourceId,
    jobId: event.jobId ?? null,
    data: JSON.stringify(event.data),
    createdAt,
  }));
}

/**
 * Appends events inside the caller's transaction, so they commit with the change they describe — or not at all —
 * and become visible in id order (lockEventOrder says why that needs a lock on PostgreSQL). The same call queues the
 * wake of the account's long polls, delivered once the transaction commits (lib/db/event-wakes.ts).
 */
export async function emitEvents(tx: Tx, events: NewEvent[]) {
  if (events.length === 0) return;
  await lockEventOrder(tx, events);
  for (const data of toEventRows(events)) await tx.event.create({ data });
}
