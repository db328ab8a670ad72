import "server-only";
import { readRows } from "@/lib/db/direct";

export type RateLimitRow = { key: string; points: number; expire: Date | null };

// One native statement: a live window is incremented where it is stored, an expired one starts again from these
// points, a new key is inserted — atomically, whatever other processes do at the same moment. Through the direct
// pool, not Prisma: this runs for every report of the shared count (lib/api/rate-limits.ts) and for every sign-in
// attempt, and two Prisma statements cost ~1.3 ms of the server's CPU where this costs a small part of that
// (docs/reliability.md, "The per-token limiter, on vs off").
const ADD_POINTS_SQL = `INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (?, ?, ?)
  ON CONFLICT ("key") DO UPDATE SET
    "points" = CASE WHEN "RateLimit"."expire" <= ? THEN EXCLUDED."points" ELSE "RateLimit"."points" + EXCLUDED."points" END,
    "expire" = CASE WHEN "RateLimit"."expire" <= ? THEN EXCLUDED."expire" ELSE "RateLimit"."expire" END
  RETURNING "key", "points", "expire"`;

/**
 * PostgreSQL only (SQLite's writes go through its one writer: lib/db/client.ts). Adds `points` to `key`'s window as
 * of `at`, or opens a new window ending at `expire` (null: never) when there is none or it has ended.
 */
export async function addRateLimitPoints(input: {
  key: string;
  points: number;
  expire: Date | null;
  at: Date;
}): Promise<RateLimitRow> {
  const [row] = await readRows(ADD_POINTS_SQL, [input.key, input.points, input.expire, input.at, input.at]);
  return { key: String(row.key), points: Number(row.points), expire: (row.expire as Date | null) ?? null };
}
