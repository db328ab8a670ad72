import "server-only";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { deliverWakes, takeTransactionWakes } from "@/lib/db/event-wakes";
import { env, isPostgresUrl } from "@/lib/env";

// One schema, two generated clients (docs/decisions/0001-one-schema-two-databases.md). Both expose the same API;
// the SQLite client's type stands for both.
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** PRAGMA synchronous for every SQLite connection that writes (Prisma's here, the direct writer's in ./direct.ts). */
export const SQLITE_SYNCHRONOUS = "FULL";

const globalForDb = globalThis as unknown as { __db?: { url: string; client: Db } };

async function createClient(url: string): Promise<Db> {
  if (isPostgresUrl(url)) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db;
  }
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const client = new SqliteClient({ adapter: withImmediateTransactions(new PrismaBetterSQLite3({ url })) });
  // WAL lets readers in other processes (the seed, a second server) proceed while one writes;
  // busy_timeout makes a writer wait for the lock instead of failing at once.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  // Every commit reaches the disk before it is reported done, so a confirmed payout survives a power cut too.
  // better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL), under which the last commits before a
  // power loss or OS crash may roll back; FULL is the durable setting and has to be asked for on every connection.
  await client.$queryRawUnsafe(`PRAGMA synchronous = ${SQLITE_SYNCHRONOUS}`);
  await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return client;
}

type SqliteAdapterFactory = InstanceType<typeof import("@prisma/adapter-better-sqlite3").PrismaBetterSQLite3>;

/**
 * Every Prisma transaction on SQLite takes the write lock at BEGIN instead of at its first write. The adapter starts
 * transactions DEFERRED; one that reads first and writes later fails with SQLITE_BUSY_SNAPSHOT if another connection
 * committed in between — and the direct writer (./direct.ts) writes new approvals on a connection of its own.
 * A write that matches no row is enough to take the lock; all our transactions write anyway.
 *
 * The same hook tells the long polls of a commit (./event-wakes.ts): the engine runs COMMIT, then calls the
 * transaction's commit() (or, after ROLLBACK, rollback()); the adapter runs one transaction at a time.
 */
function withImmediateTransactions(factory: SqliteAdapterFactory): SqliteAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      await transaction.executeRaw({ sql: 'UPDATE "Account" SET "id" = "id" WHERE 0', args: [], argTypes: [] });
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      // Taken while this transaction still holds the adapter's lock (commit() releases it), so they are its own.
      transaction.commit = async () => {
        const wakes = takeTransactionWakes();
        await commit();
        deliverWakes(wakes);
      };
      transaction.rollback = async () => {
        takeTransactionWakes();
        await rollback();
      };
      return transaction;
    };
    return adapter;
  };
  return factory;
}

let pending: Promise<Db> | undefined;

/** The process-wide Prisma client for DATABASE_URL (kept across hot reloads in development). */
export async function db(): Promise<Db> {
  const url = env().DATABASE_URL;
  if (globalForDb.__db?.url === url) return globalForDb.__db.client;
  pending ??= createClient(url).then((client) => {
    globalForDb.__db = { url, client };
    pending = undefined;
    return client;
  });
  return pending;
}

export function isPostgres(): boolean {
  return isPostgresUrl(env().DATABASE_URL);
}

export async function disconnectClient() {
  const current = globalForDb.__db;
  globalForDb.__db = undefined;
  await current?.client.$disconnect();
}

/**
 * A unique index refused the write (Prisma's P2002, or the direct writer's UniqueViolation, which uses the same
 * code). Several services use an index as the arbiter of a race.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
