// Throwaway databases for tests, e2e and the benchmark: a fresh, empty one (SQLite file or PostgreSQL database),
// and the fixtures of `npm run db:seed -- --json` run against it exactly as any client would run it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./prisma-lib.mjs";

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function pgUrl(database) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, empty database named `name` (PostgreSQL), or the file `<sqliteDir>/<name>.db` (SQLite); its URL. */
export async function freshDatabase(engine, name, sqliteDir) {
  if (engine === "postgres") {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${name}"`);
    return pgUrl(name);
  }
  fs.mkdirSync(sqliteDir, { recursive: true });
  const file = path.join(sqliteDir, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  return `file:${file}`;
}

/** Migrates and seeds through the README's command; returns its one JSON object. */
export function seedWithCommand(databaseUrl, extraEnv = {}) {
  const stdout = execFileSync("npm", ["run", "db:seed", "--", "--json"], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(stdout);
}
