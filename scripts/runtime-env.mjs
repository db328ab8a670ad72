// What `npm run dev` and `npm start` need in the environment before Next starts: a port, a database URL and an auth
// secret.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_SQLITE_URL, ROOT } from "./prisma-lib.mjs";

/** The port `npm run dev` and `npm start` listen on, and the base URL a developer on this machine reaches it at. */
export const PORT = process.env.PORT || "3000";
export const LOCAL_URL = `http://localhost:${PORT}`;

export function runtimeEnv({ allowGeneratedSecret }) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  env.DATABASE_URL ||= DEFAULT_SQLITE_URL;
  if (!env.AUTH_SECRET) {
    if (!allowGeneratedSecret) {
      throw new Error("AUTH_SECRET is not set. Generate one with: openssl rand -base64 32");
    }
    // Development only: a random secret kept beside the SQLite file, so sessions survive restarts.
    const file = path.join(ROOT, "data", ".auth-secret");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  }
  return env;
}
