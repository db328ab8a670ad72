import "server-only";
import { env, isPostgresUrl } from "@/lib/env";

/**
 * The fast read path: a handful of hot, read-only queries (token lookup, approval polls, the feed) run on a plain
 * driver connection with cached prepared statements instead of through Prisma's query engine, which costs several
 * times more CPU per query than SQLite itself (measured: docs/reliability.md, decision 0003). Every write — and so
 * every movement of money — still goes through Prisma transactions.
 *
 * SQL is written once, with `?` placeholders and double-quoted identifiers, and runs on both engines.
 * On SQLite this is a second connection: in WAL mode it reads the last committed state, never an open transaction's.
 */
export type Row = Record<string, unknown>;

interface Reader {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** Prisma stores SQLite DateTimes as ISO text with "+00:00"; parameters must compare in the same format. */
function sqliteParam(value: unknown) {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

async function sqliteReader(url: string): Promise<Reader> {
  const { default: Database } = await import("better-sqlite3");
  const connection = new Database(url.replace(/^file:/, ""), { fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  connection.pragma("query_only = ON");
  const statements = new Map<string, import("better-sqlite3").Statement>();
  return {
    async all(sql, params) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement.all(...params.map(sqliteParam)) as Row[];
    },
    async close() {
      connection.close();
    },
  };
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
  const numbered = new Map<string, string>();
  return {
    async all(sql, params) {
      let text = numbered.get(sql);
      if (!text) {
        let n = 0;
        text = sql.replace(/\?/g, () => `$${++n}`);
        numbered.set(sql, text);
      }
      const result = await pool.query({ text, values: params as unknown[] });
      return result.rows;
    },
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

export async function closeReader() {
  const current = globalForReader.__reader;
  globalForReader.__reader = undefined;
  if (current) await (await current.reader).close();
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** Converts the named columns of a row to Dates (SQLite returns ISO text, PostgreSQL Dates). */
export function withDates<T>(row: Row, columns: readonly string[]): T {
  const out: Row = { ...row };
  for (const column of columns) out[column] = toDate(row[column]);
  return out as T;
}
