import { z } from "zod";

/** Ids are opaque, but never longer than 64 characters nor outside this alphabet: anything else is a client bug. */
export const resourceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
