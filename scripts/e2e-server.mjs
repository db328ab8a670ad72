// The server Playwright drives: a fresh database (SQLite file, or PostgreSQL when E2E_DB=postgres), migrated and
// seeded with `npm run db:seed -- --json` (fixtures written for the tests), then the production build on E2E_PORT.
import fs from "node:fs";
import path from "node:path";
import { runInForeground } from "./foreground.mjs";
import { ROOT } from "./prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "./throwaway-database.mjs";

const port = process.env.E2E_PORT ?? "3210";
const stateDir = path.join(ROOT, "test-results", "e2e-state");
fs.rmSync(stateDir, { recursive: true, force: true });
fs.mkdirSync(stateDir, { recursive: true });

const engine = process.env.E2E_DB === "postgres" ? "postgres" : "sqlite";
const databaseUrl = await freshDatabase(engine, engine === "postgres" ? `cosign_e2e_${port}` : "e2e", stateDir);

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: "e2e-only-secret-not-for-production-000000",
  TEST_CLOCK_FILE: path.join(stateDir, "clock-offset-ms"),
  EXPIRY_SWEEP_SECONDS: "1",
  // Approval emails (lib/notify): their links need a base URL no request chose; the notifier passes every second.
  APP_URL: `http://127.0.0.1:${port}`,
  NOTIFY_INTERVAL_SECONDS: "1",
  // The claim spec listens here with a real SMTP server (smtp-server); with nobody listening, mail simply fails
  // (email_sent: false) and nothing else notices.
  SMTP_URL: process.env.E2E_SMTP_URL ?? `smtp://127.0.0.1:${Number(port) + 1}`,
  NEXT_TELEMETRY_DISABLED: "1",
  // The webhooks spec receives on this machine (a production build refuses loopback targets otherwise).
  WEBHOOK_ALLOW_LOOPBACK: "true",
};
fs.writeFileSync(path.join(stateDir, "fixtures.json"), JSON.stringify(seedWithCommand(databaseUrl, env)));
fs.writeFileSync(path.join(stateDir, "database-url"), databaseUrl);

runInForeground(process.execPath, [path.join(ROOT, "scripts", "serve.mjs"), "-p", port, "-H", "127.0.0.1"], {
  cwd: ROOT,
  env,
});
