// Shared by the database scripts: which provider DATABASE_URL selects, and running the Prisma CLI for it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SQLITE_URL = "file:./data/dev.db";

export function providerOf(url) {
  return /^postgres(ql)?:/.test(url) ? "postgres" : "sqlite";
}

export function prisma(args, env = process.env) {
  const bin = path.join(ROOT, "node_modules", ".bin", "prisma");
  const res = spawnSync(bin, args, { cwd: ROOT, env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" });
  return res;
}

/** Creates the folder a SQLite file lives in; `file:./x.db` paths are relative to the project root. */
export function ensureSqliteDir(url) {
  if (providerOf(url) !== "sqlite") return;
  const file = url.replace(/^file:/, "");
  fs.mkdirSync(path.dirname(path.resolve(ROOT, file)), { recursive: true });
}
