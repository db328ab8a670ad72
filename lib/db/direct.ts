import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { SQLITE_SYNCHRONOUS } from "@/lib/db/client";
import { env, isPostgresUrl } from "@/lib/env";

/**
 * The direct connection: the hot, read-only statements (token lookup, approval polls, the feed) run on a plain
 * driver connection with cached prepared statements instead of through Prisma's query engine, which costs several
 * times more CPU per query than SQLite itself (measured: docs/reliability.md, decision 0003). Every write — and so
 * every movement of money — still goes through Prisma transactions; the one exception is recording a new pending
 * approval (two inserts, no money), which runs here as one direct transaction (writeRows) — on SQLite on a writer
 * thread of its own, so that the commit's fsync never holds the event loop.
 *
 * Only lib/db's statement modules call this. Their SQL is written once, with `?` placeholders and double-quoted
 * identifiers, and runs on both engines. On SQLite this is a second connection: in WAL mode it reads the last
 * committed state, never an open transaction's.
 */
export type Row = Record<string, unknown>;

export type Statement = { sql: string; params: readonly unknown[] };

interface Reader {
  all(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** SQLite: the writer connection's PRAGMA synchronous (2 = FULL); null on PostgreSQL. */
  writerSynchronous(): Promise<number | null>;
  /** SQLite: stops the writer thread the way a crash would (tests of the recovery); nothing on PostgreSQL. */
  stopWriterThread(): Promise<void>;
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
  const writer = sqliteWriterThread(file);
  return {
    write: writer.write,
    writerSynchronous: writer.synchronous,
    stopWriterThread: writer.stop,
    // better-sqlite3 is synchronous: the read is done when this returns.
    all: (sql, params) => Promise.resolve(read(sql).all(...params.map(sqliteParam)) as Row[]),
    async close() {
      connection.close();
      await writer.close();
    },
  };
}

/** Started by path at run time, not bundled: see the file itself. */
const WRITER_THREAD_FILE = path.join(process.cwd(), "lib", "db", "sqlite-writer-thread.mjs");

type WriteOutcome = { id: number; ok: boolean; code?: string | null; message?: string };

/**
 * Writes go to a thread of their own (./sqlite-writer-thread.mjs) with its own connection: better-sqlite3 is
 * synchronous, so a commit here would hold the event loop — every other request — for its fsync, and waiting for the
 * write lock would block the Prisma transaction in this process that holds it. A write resolves once its commit is
 * on disk. Prisma's transactions take the lock at BEGIN (./client.ts), so the thread's commits cannot strand their
 * snapshots.
 */
function sqliteWriterThread(file: string) {
  if (!fs.existsSync(WRITER_THREAD_FILE)) {
    throw new Error(
      `The SQLite writer thread is missing: ${WRITER_THREAD_FILE} (the server must run from the project's root).`,
    );
  }
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let synchronousAnswer: ((value: number) => void) | undefined;
  let nextId = 1;
  let worker: Worker | undefined;

  function start(): Worker {
    const thread = new Worker(WRITER_THREAD_FILE, { workerData: { file, synchronous: SQLITE_SYNCHRONOUS } });
    // Idle, it must not keep a process (a test run, a script) alive; write() holds a reference while it waits.
    thread.unref();
    thread.on("message", (message: WriteOutcome[] | { synchronous: number }) => {
      if (!Array.isArray(message)) return synchronousAnswer?.(message.synchronous);
      for (const outcome of message) {
        const job = waiting.get(outcome.id);
        waiting.delete(outcome.id);
        if (outcome.ok) job?.resolve();
        else job?.reject(writeError(outcome));
      }
      if (waiting.size === 0) thread.unref();
    });
    // A thread that dies takes its uncommitted group with it (SQLite rolls it back); those writes fail, and the
    // next write starts a new thread.
    thread.on("exit", (exitCode) => {
      if (worker === thread) worker = undefined;
      const error = new Error(`The SQLite writer thread stopped (exit code ${exitCode}); the write was not committed.`);
      for (const job of waiting.values()) job.reject(error);
      waiting.clear();
    });
    thread.on("error", (error) => console.error("SQLite writer thread:", error));
    return thread;
  }

  const current = () => (worker ??= start());
  current();
  return {
    write: (batch: readonly Statement[]): Promise<void> => {
      const id = nextId++;
      const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
      const thread = current();
      thread.ref();
      thread.postMessage({
        id,
        statements: batch.map(({ sql, params }) => ({ sql, params: params.map(sqliteParam) })),
      });
      return done;
    },
    synchronous: (): Promise<number> =>
      new Promise<number>((resolve) => {
        synchronousAnswer = resolve;
        current().postMessage({ type: "synchronous" });
      }),
    /** As a crash would: the thread goes, and the exit handler above does the rest. */
    stop: async () => {
      await worker?.terminate();
    },
    close: async () => {
      const thread = worker;
      worker = undefined;
      await thread?.terminate();
    },
  };
}

function writeError(outcome: WriteOutcome): Error {
  const code = outcome.code ?? "";
  const message = outcome.message ?? "write failed";
  if (code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    return new UniqueViolation(message);
  return Object.assign(new Error(message), { code });
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
    getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
      if (oid === TIMESTAMP_WITHOUT_TZ) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
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
      const result = await pool.query<Row>({ ...preparedFor(sql), values: params.map(postgresParam) });
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
        for (const { sql, params } of batch)
          await client.query({ ...preparedFor(sql), values: params.map(postgresParam) });
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        if ((error as { code?: string }).code === "23505") throw new UniqueViolation((error as Error).message);
        throw error;
      } finally {
        client.release();
      }
    },
    writerSynchronous: () => Promise.resolve(null),
    async stopWriterThread() {},
    async close() {
      await pool.end();
    },
  };
}

type OpenReader = { url: string; reader: Promise<Reader>; ready?: Reader };
const globalForReader = globalThis as unknown as { __reader?: OpenReader };

function openReader(): OpenReader {
  const url = env().DATABASE_URL;
  let current = globalForReader.__reader;
  if (current?.url !== url) {
    const opened: OpenReader = { url, reader: isPostgresUrl(url) ? postgresReader(url) : sqliteReader(url) };
    // Callers of reader() see a failure to open; this only notes success.
    opened.reader.then(
      (ready) => (opened.ready = ready),
      () => undefined,
    );
    globalForReader.__reader = current = opened;
  }
  return current;
}

function reader(): Promise<Reader> {
  return openReader().reader;
}

/**
 * Every agent request reads here at least once. Once the reader is open there is no await on the way: under Next,
 * Node 20 runs async-context hooks for every promise, so each layer of async functions is a measurable cost.
 */
export function readRows(sql: string, params: readonly unknown[]): Promise<Row[]> {
  const opened = openReader();
  return opened.ready ? opened.ready.all(sql, params) : opened.reader.then((ready) => ready.all(sql, params));
}

/** Runs the statements in one transaction on the direct connection (see write() above). */
export async function writeRows(statements: readonly Statement[]): Promise<void> {
  return (await reader()).write(statements);
}

/** For tests and diagnostics: the direct writer's durability setting (see writerSynchronous above). */
export async function directWriterSynchronous(): Promise<number | null> {
  return (await reader()).writerSynchronous();
}

/** For tests: stops the SQLite writer thread as a crash would; the next write must start a new one. */
export async function stopWriterThreadForTests(): Promise<void> {
  return (await reader()).stopWriterThread();
}

export async function closeDirect() {
  const current = globalForReader.__reader;
  globalForReader.__reader = undefined;
  if (current) await (await current.reader).close();
}
