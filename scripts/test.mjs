// npm test: every test, in order — schema and migration checks, type check, lint and format, integration and race suites on SQLite
// and on PostgreSQL, the production build, then against it Playwright (API + real Chromium) and the crash and fuzz
// suites, on each engine. Ends with one line: "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "./prisma-lib.mjs";

const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
const started = Date.now();

function run(label, command, args, extraEnv = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${label}`);
  const res = spawnSync(command, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: "inherit" });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  return { ok: res.status === 0, seconds };
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  rows.push([label, ok ? "ok" : "FAILED", "", seconds]);
  if (ok) totals.passed++;
  else totals.failed++;
  return ok;
}

function suite(label, command, args, countsFrom, extraEnv = {}) {
  const { ok, seconds } = run(label, command, args, extraEnv);
  let counts = { passed: 0, failed: ok ? 0 : 1, skipped: 0 };
  try {
    counts = countsFrom();
    if (!ok && counts.failed === 0) counts.failed = 1; // the runner failed outside any test
  } catch {
    // No report: the runner died before writing one; counted as one failure above.
  }
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  rows.push([label, `${counts.passed} passed`, `${counts.failed} failed`, seconds]);
}

const vitestCounts = (file) => () => JSON.parse(fs.readFileSync(file, "utf8"));
function playwrightCounts(file) {
  return () => {
    const stats = JSON.parse(fs.readFileSync(file, "utf8")).stats;
    return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
  };
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const resultsDir = path.join(ROOT, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
if (!(await postgresReachable())) {
  console.error(
    `PostgreSQL is not reachable at ${PG_ADMIN_URL}. Start it (e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_PG_ADMIN_URL.`,
  );
  console.log("0 passed, 1 failed");
  process.exit(1);
}

check("postgres schema derived from the sqlite schema", process.execPath, ["scripts/prisma-generate.mjs", "--check"]);
check("migrations match the schema (no drift)", process.execPath, ["scripts/migration-create.mjs", "--check"]);
check("type check", path.join(ROOT, "node_modules/.bin/tsc"), ["--noEmit"]);
check("lint (ESLint, zero warnings)", path.join(ROOT, "node_modules/.bin/eslint"), [".", "--max-warnings", "0"]);
check("format (Prettier)", path.join(ROOT, "node_modules/.bin/prettier"), ["--check", "--log-level", "warn", "."]);
const vitest = path.join(ROOT, "node_modules/.bin/vitest");
function vitestSuite(label, engine, args, extraEnv = {}) {
  const counts = path.join(resultsDir, `vitest-${label.replace(/\W+/g, "-")}-${engine}.json`);
  fs.rmSync(counts, { force: true });
  suite(`${label} (${engine})`, vitest, ["run", ...args], vitestCounts(counts), {
    TEST_DB: engine,
    COUNTS_FILE: counts,
    ...extraEnv,
  });
}
// CI sizes for the randomized suites; `npm run test:races|test:crash|test:fuzz` run them at full size.
const SIZES = {
  RACE_OPS: process.env.RACE_OPS ?? "600",
  CRASH_ROUNDS: process.env.CRASH_ROUNDS ?? "5",
  FUZZ_REQUESTS: process.env.FUZZ_REQUESTS ?? "800",
};
for (const engine of ["sqlite", "postgres"]) {
  vitestSuite("integration", engine, []);
  vitestSuite("races", engine, ["--config", "vitest.races.config.ts"], SIZES);
}
if (check("production build", path.join(ROOT, "node_modules/.bin/next"), ["build"])) {
  for (const engine of ["sqlite", "postgres"]) {
    const report = path.join(resultsDir, `e2e-${engine}.json`);
    fs.rmSync(report, { force: true });
    suite(
      `e2e: Playwright api + ui (${engine})`,
      path.join(ROOT, "node_modules/.bin/playwright"),
      ["test"],
      playwrightCounts(report),
      { E2E_DB: engine, E2E_REPORT: report },
    );
    vitestSuite("crash + fuzz", engine, ["--config", "vitest.servers.config.ts"], SIZES);
  }
}

console.log("\nSummary");
for (const [label, a, b, seconds] of rows)
  console.log(`  ${label.padEnd(48)} ${a.padEnd(12)} ${b.padEnd(10)} ${seconds}s`);
console.log(`  total time ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
