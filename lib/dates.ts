import { z } from "zod";

/**
 * A calendar date or an instant (ISO 8601, with an offset) that both databases store and give back unchanged:
 * years 0001–9999 in UTC. PostgreSQL has no year 0 (0000-01-01 fails the insert: a 500), and past 9999 the value
 * would come back in JavaScript's expanded-year form (+010000-…), not as the string that was sent.
 */
export const storableDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, "must be a date between 0001-01-01 and 9999-12-31 (UTC)");
