// Creating, copying and dropping the databases tests run on. No Prisma here: plain drivers, so it works in globalSetup.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { adminQuery, freshDatabase, pgUrl, seedWithCommand } from "../../scripts/throwaway-database.mjs";

export { seedWithCommand };

export type Engine = "sqlite" | "postgres";
export const ENGINE: Engine = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";

const tmpRoot = path.join(os.tmpdir(), "cosign-tests");

/** A fresh, empty database and its URL. */
export function createEmptyDatabase(name: string): Promise<string> {
  return freshDatabase(ENGINE, name, tmpRoot);
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
