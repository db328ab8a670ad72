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
  // Whole seconds, 0–30 (contract §6 "Long poll"): anything else is a 400 on field "wait".
  wait: z
    .string()
    .regex(/^(?:[0-9]|[12][0-9]|30)$/, "must be a whole number of seconds from 0 to 30")
    .transform(Number)
    // prefault: the default is the query string's "0", run through the same parse, so the document shows a string
    // default for a string parameter (a number there contradicted its own type).
    .prefault("0")
    .meta({
      description: "Hold the request up to this many seconds until an event arrives (long poll; 0: answer now).",
    }),
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
