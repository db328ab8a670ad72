import { z } from "zod";

/** GET /updates query: the cursor is the last event id seen (none: from the beginning). */
export const updatesQuery = {
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "must be an event id")
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};
