// Applies pending migrations to the database DATABASE_URL names (SQLite file by default) with `migrate deploy`.
import { DEFAULT_SQLITE_URL, ensureSqliteDir, prisma } from "./prisma-lib.mjs";

export function migrate(url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL, { quiet = false } = {}) {
  ensureSqliteDir(url);
  const res = prisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: url });
  if (res.status !== 0) {
    throw new Error(`prisma migrate deploy failed:\n${res.stdout}${res.stderr}`);
  }
  if (!quiet) {
    const isNoop = /No pending migrations/i.test(res.stdout);
    console.error(
      `db: ${isNoop ? "no pending migrations" : "migrations applied"} (${url.replace(/\/\/[^@/]*@/, "//")})`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    migrate();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
