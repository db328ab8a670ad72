import "server-only";
import { SQLITE_SYNCHRONOUS } from "@/lib/db";
import { env, isPostgresUrl } from "@/lib/env";

/**
 * The fast path: a handful of hot, read-only queries (token lookup, approval polls, the feed) run on a plain
 * driver connection with cached prepared statements instead of through Prisma's query engine, which costs several
 * times more CPU per query than SQLite itself (measured: docs/reliability.md, decision 0003). Every write — and so
 * every movement of money — still goes through Prisma transactions; the one exception is recording a new pending
 * approval (two inserts, no money), which runs here as one direct transaction (writeRows).
 *
 * SQL is written once, with `?` placeholders and double-quoted identifiers, and runs on both engines.
 * On SQLite this is a second connection: in WAL mode it reads the last committed state, never an open transaction's.
 */
export type Row = Record<string, unknown>;

export type Statement = { sql: string; params: readonly unknown[] };

interface Reader {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** SQLite: the writer connection's PRAGMA synchronous (2 = FULL); null on PostgreSQL. */
  writerSynchronous(): number | null;
  /** Runs the statements in one transaction; all or nothing. */
  write(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by write() when a unique index refuses a row (isUniqueViolation() recognises it). */
export class UniqueViolation extends Error {
  readonly code = "P2002";
}

/** Prisma stores SQLite DateTimes as ISO text with "+00:00"; parameters must compare in the same format. */
function sqliteParam(value: unknown) {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** Prepared statements are compiled once per connection and SQL text. */
function statementCache(connection: import("better-sqlite3").Database) {
  const cache = new Map<string, import("better-sqlite3").Statement>();
  return (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

async function sqliteReader(url: string): Promise<Reader> {
  const { default: Database } = await import("better-sqlite3");
  const file = url.replace(/^file:/, "");
  const connection = new Database(file, { fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  connection.pragma("query_only = ON");
  const read = statementCache(connection);
  // Writes get their own connection with no busy wait: better-sqlite3 is synchronous, so waiting for the lock would
  // block the event loop — and with it the Prisma transaction in this process that holds the lock. A busy lock is
  // retried after yielding instead. The write itself never yields, so within this process it is atomic. Prisma's
  // transactions take the lock at BEGIN (lib/db.ts), so this writer's commits cannot strand their snapshots.
  const writer = new Database(file, { fileMustExist: true });
  writer.pragma("busy_timeout = 0");
  // Durable commits, as on Prisma's connection (lib/db.ts says why it must be set).
  writer.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  const prepared = statementCache(writer);
  const runBatch = writer.transaction((batch: readonly Statement[]) => {
    for (const { sql, params } of batch) prepared(sql).run(...params.map(sqliteParam));
  });
  const runAll = async (batch: readonly Statement[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        runBatch.immediate(batch);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new UniqueViolation((error as Error).message);
        if ((code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) && attempt < 1000) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 10)));
          continue;
        }
        throw error;
      }
    }
  };
  return {
    write: runAll,
    writerSynchronous: () => writer.pragma("synchronous", { simple: true }) as number,
    async all(sql, params) {
      return read(sql).all(...params.map(sqliteParam)) as Row[];
    },
    async close() {
      connection.close();
      writer.close();
    },
  };
}

/** Prisma's TIMESTAMP(3) columns hold UTC without a zone: send UTC wall-clock text, never the server's local time. */
function postgresParam(value: unknown) {
  return value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;
}

async function postgresReader(url: string): Promise<Reader> {
  const pg = (await import("pg")).default;
  const TIMESTAMP_WITHOUT_TZ = 1114;
  // Prisma's TIMESTAMP(3) columns hold UTC without a zone: read them as UTC, not as the server's local time.
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === TIMESTAMP_WITHOUT_TZ) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: types as never });
  // An idle connection that dies (database restart, failover) must not take the process down with it: the pool
  // drops it and the next query opens a fresh one.
  pool.on("error", (error) => console.error("fast read path: idle PostgreSQL connection lost:", error.message));
  // Each distinct SQL text becomes a named prepared statement: PostgreSQL parses and plans it once per connection
  // instead of on every call (the server shares the machine's cores with Node, so its CPU is our CPU).
  const prepared = new Map<string, { name: string; text: string }>();
  const preparedFor = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      let n = 0;
      statement = { name: `fast_${prepared.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      prepared.set(sql, statement);
    }
    return statement;
  };
  return {
    async all(sql, params) {
      const result = await pool.query({ ...preparedFor(sql), values: params.map(postgresParam) });
      return result.rows;
    },
    async write(batch) {
      // A single statement needs no explicit transaction: one round trip, atomic by itself.
      if (batch.length === 1) {
        try {
          await pool.query({ ...preparedFor(batch[0].sql), values: batch[0].params.map(postgresParam) });
          return;
        } catch (error) {
          if ((error as { code?: string }).code === "23505") throw new UniqueViolation((error as Error).message);
          throw error;
        }
      }
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const { sql, params } of batch) await client.query({ ...preparedFor(sql), values: params.map(postgresParam) });
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if ((error as { code?: string }).code === "23505") throw new UniqueViolation((error as Error).message);
        throw error;
      } finally {
        client.release();
      }
    },
    writerSynchronous: () => null,
    async close() {
      await pool.end();
    },
  };
}

const globalForReader = globalThis as unknown as { __reader?: { url: string; reader: Promise<Reader> } };

function reader(): Promise<Reader> {
  const url = env().DATABASE_URL;
  if (globalForReader.__reader?.url !== url) {
    globalForReader.__reader = { url, reader: isPostgresUrl(url) ? postgresReader(url) : sqliteReader(url) };
  }
  return globalForReader.__reader.reader;
}

export async function readRows(sql: string, ...params: unknown[]): Promise<Row[]> {
  return (await reader()).all(sql, params);
}

/** Runs the statements in one transaction on the direct connection (see write() above). */
export async function writeRows(statements: readonly Statement[]): Promise<void> {
  return (await reader()).write(statements);
}

/** For tests and diagnostics: the direct writer's durability setting (see writerSynchronous above). */
export async function directWriterSynchronous(): Promise<number | null> {
  return (await reader()).writerSynchronous();
}

export async function closeReader() {
  const current = globalForReader.__reader;
  globalForReader.__reader = undefined;
  if (current) await (await current.reader).close();
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

const SQLITE_UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** A timestamp column as ISO-8601 UTC text, without building a Date when SQLite's stored text already is one. */
export function toIsoString(value: unknown): string {
  if (typeof value === "string" && SQLITE_UTC_TIMESTAMP.test(value)) return `${value.slice(0, 23)}Z`;
  return toDate(value)!.toISOString();
}

/** Converts the named columns of a row to Dates (SQLite returns ISO text, PostgreSQL Dates). */
export function withDates<T>(row: Row, columns: readonly string[]): T {
  const out: Row = { ...row };
  for (const column of columns) out[column] = toDate(row[column]);
  return out as T;
}
