import "server-only";
import { Prisma, type Event } from "@/generated/sqlite/client";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { hasScope, type Scope } from "@/lib/auth/scopes";
import { db } from "@/lib/db";
import { EVENT_READ_SCOPES, EVENT_TYPES, type EventType } from "@/lib/events/event-types";

export function readableEventTypes(scopes: readonly Scope[]): EventType[] {
  return EVENT_TYPES.filter((type) => EVENT_READ_SCOPES[type].some((scope) => hasScope(scopes, scope)));
}

/** GET /updates: the account's events after `cursor`, oldest first, only of types the token may read. */
export async function listUpdates(input: { accountId: string; scopes: readonly Scope[]; cursor?: number; limit: number }) {
  // Approvals whose window has passed are expired first, so their events are in this very page, on time.
  await expireDueApprovals({ accountId: input.accountId });
  const client = await db();
  const types = readableEventTypes(input.scopes);
  const after = input.cursor ?? 0;
  // Hot path of every feed poll: one raw, index-ordered range scan on (accountId, id).
  const rows = await client.$queryRaw<Event[]>`
    SELECT * FROM "Event"
     WHERE "accountId" = ${input.accountId} AND "id" > ${after} AND "type" IN (${Prisma.join(types)})
     ORDER BY "id" ASC
     LIMIT ${input.limit + 1}`;
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    events: page.map((event) => ({
      id: String(event.id),
      type: event.type,
      apiVersion: "v1" as const,
      createdAt: event.createdAt.toISOString(),
      resourceId: event.resourceId,
      jobId: event.jobId,
      data: JSON.parse(event.data) as Record<string, unknown>,
    })),
    // With nothing new, the cursor the client sent is still the right one to send next time.
    nextCursor: last ? String(last.id) : input.cursor !== undefined ? String(input.cursor) : null,
    hasMore,
  };
}
