import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import StoreAbstract from "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js";
import { now } from "@/lib/clock";
import { addRateLimitPoints, db, isPostgres, isUniqueViolation } from "@/lib/db";

type Row = { key: string; points: number; expire: Date | null };
type Entry = { points: number; expire: number | null };

/**
 * The package's answer for a key whose window holds `stored` (points used, expiry in ms or null for none), read on
 * lib/clock's time: both stores below answer through it. `changedPoints === points used` marks a window's first call.
 */
function limiterRes(limit: number, changedPoints: number, stored: Entry) {
  const msBeforeNext = stored.expire === null ? -1 : Math.max(stored.expire - now().getTime(), 0);
  return new RateLimiterRes(
    Math.max(limit - stored.points, 0),
    msBeforeNext,
    stored.points,
    stored.points === changedPoints,
  );
}

const CLEANUP_EVERY_MS = 10 * 60 * 1000;
const KEEP_EXPIRED_MS = 60 * 60 * 1000;
let lastCleanupAt = 0;

/**
 * rate-limiter-flexible's store interface over the app's own database (the RateLimit table), through Prisma, on
 * SQLite and PostgreSQL alike. Why not the package's RateLimiterPostgres / RateLimiterPrisma: both read Date.now(),
 * and every expiry here reads lib/clock's now() so tests move time instead of sleeping; RateLimiterPostgres would
 * also need a second pg pool and a table it creates itself outside our migrations. What this keeps from them is the
 * package's logic (consume/block/reward/delete, RateLimiterRes) and the same two statements RateLimiterPrisma runs.
 *
 * Every count is an increment inside the database, so concurrent attempts in any number of server processes are all
 * counted: the limit holds across processes on PostgreSQL, and on SQLite across processes sharing the file.
 */
export class RateLimiterDb extends StoreAbstract {
  constructor(options: { keyPrefix: string; points: number; duration: number }) {
    // storeClient is required by the base class; the client itself is db(), resolved per call.
    super({ ...options, storeClient: "db()" });
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, row: Row) {
    return limiterRes(this.points, changedPoints, { points: row.points, expire: row.expire?.getTime() ?? null });
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const at = now();
    const expire = msDuration > 0 ? new Date(at.getTime() + msDuration) : null;
    void deleteLongExpired(at);
    if (!forceExpire && isPostgres()) return addRateLimitPoints({ key, points, expire, at });
    const client = await db();
    if (forceExpire) {
      return client.rateLimit.upsert({ where: { key }, create: { key, points, expire }, update: { points, expire } });
    }
    for (let attempt = 0; ; attempt++) {
      try {
        // An expired row starts a new window; a live one is incremented where it is stored.
        await client.rateLimit.deleteMany({ where: { key, expire: { lte: at } } });
        return await client.rateLimit.upsert({
          where: { key },
          create: { key, points, expire },
          update: { points: { increment: points } },
        });
      } catch (error) {
        // Two first attempts at once, where the upsert is not one native statement: the loser increments instead.
        if (attempt === 0 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  async _get(key: string): Promise<Row | null> {
    const client = await db();
    return client.rateLimit.findFirst({ where: { key, OR: [{ expire: { gt: now() } }, { expire: null }] } });
  }

  async _delete(key: string): Promise<boolean> {
    const client = await db();
    return (await client.rateLimit.deleteMany({ where: { key } })).count > 0;
  }
}

/** Rows no window or block needs any more, at most once per 10 minutes per process, off the request's path. */
async function deleteLongExpired(at: Date) {
  if (at.getTime() - lastCleanupAt < CLEANUP_EVERY_MS) return;
  lastCleanupAt = at.getTime();
  try {
    const client = await db();
    await client.rateLimit.deleteMany({ where: { expire: { lt: new Date(at.getTime() - KEEP_EXPIRED_MS) } } });
  } catch (error) {
    console.warn("rate-limit cleanup failed (will retry):", error instanceof Error ? error.message : error);
  }
}

const SWEEP_EVERY_MS = 10_000;

/**
 * rate-limiter-flexible's store interface in this process's memory, on lib/clock's time (the package's own
 * RateLimiterMemory reads Date.now() and sets a timer per key, so tests could not move time past a window). For the
 * per-request API limits: a Map lookup, no I/O. Expired entries are swept at most every 10 s, on a later call.
 */
export class RateLimiterClockMemory extends StoreAbstract {
  private readonly entries = new Map<string, Entry>();
  private lastSweepAt = 0;

  constructor(options: { keyPrefix: string; points: number; duration: number }) {
    super({ ...options, storeClient: "memory" });
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, entry: Entry) {
    return limiterRes(this.points, changedPoints, entry);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Entry> {
    const at = now().getTime();
    this.sweep(at);
    const live = this.entries.get(key);
    const expire = msDuration > 0 ? at + msDuration : null;
    if (!forceExpire && live && (live.expire === null || live.expire > at)) {
      live.points += points;
      return { ...live };
    }
    const entry = { points, expire };
    this.entries.set(key, entry);
    return { ...entry };
  }

  async _get(key: string): Promise<Entry | null> {
    const entry = this.entries.get(key);
    if (!entry || (entry.expire !== null && entry.expire <= now().getTime())) return null;
    return { ...entry };
  }

  async _delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  private sweep(at: number) {
    if (at - this.lastSweepAt < SWEEP_EVERY_MS) return;
    this.lastSweepAt = at;
    for (const [key, entry] of this.entries) if (entry.expire !== null && entry.expire <= at) this.entries.delete(key);
  }
}
