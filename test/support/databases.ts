// Creating, copying and dropping the databases tests run on. No Prisma here: plain drivers, so it works in globalSetup.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type Engine = "sqlite" | "postgres";
export const ENGINE: Engine = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function pgUrl(database: string) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const tmpRoot = path.join(os.tmpdir(), "cosign-tests");

/** A fresh, empty database and its URL. */
export async function createEmptyDatabase(name: string): Promise<string> {
  if (ENGINE === "postgres") {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${name}"`);
    return pgUrl(name);
  }
  fs.mkdirSync(tmpRoot, { recursive: true });
  const file = path.join(tmpRoot, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  return `file:${file}`;
}

/** A copy of the template: CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy on SQLite. */
export async function cloneDatabase(templateUrl: string): Promise<string> {
  const name = `cosign_t_${randomBytes(6).toString("hex")}`;
  if (ENGINE === "postgres") {
    const template = new URL(templateUrl).pathname.slice(1);
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return pgUrl(name);
  }
  const file = path.join(tmpRoot, `${name}.db`);
  fs.copyFileSync(templateUrl.replace(/^file:/, ""), file);
  return `file:${file}`;
}

export async function dropDatabase(url: string) {
  if (ENGINE === "postgres") {
    await adminQuery(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    return;
  }
  const file = url.replace(/^file:/, "");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

/** Runs the README's seed command exactly as a client would, and returns its one JSON object. */
export function seedWithCommand(url: string) {
  const stdout = execFileSync("npm", ["run", "db:seed", "--", "--json"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(stdout);
}
