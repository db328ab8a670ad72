import { z } from "zod";
import { id, isoTimestamp, nextCursor } from "@/lib/api/schemas";
import { EVENT_TYPES } from "@/lib/events/event-types";

/** GET /updates query: the cursor is the last event id seen (none: from the beginning). */
export const updatesQuery = {
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "must be an event id")
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

/** One event of the feed (contract §2): ids only, never content. */
export const eventResource = z.object({
  id: z.string().regex(/^\d+$/).meta({ description: "Monotonically increasing; it is the cursor." }),
  type: z.enum(EVENT_TYPES as [string, ...string[]]),
  apiVersion: z.literal("v1"),
  createdAt: isoTimestamp,
  resourceId: id,
  jobId: id.nullable(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** GET /updates. */
export const updatesPageResponse = z.object({ events: z.array(eventResource), nextCursor, hasMore: z.boolean() });
