import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { createEmptyDatabase, dropDatabase, ENGINE } from "../support/databases";

// `npm run db:seed` against a fresh, empty database: exactly as an operator (or a black-box client) runs it.
const ROOT = path.resolve(import.meta.dirname, "../..");
const created: string[] = [];
afterAll(async () => {
  for (const url of created) await dropDatabase(url);
});

function seed(databaseUrl: string, nodeEnv: string | undefined, args: string[] = []) {
  // NODE_ENV is typed read-only (Next's types); a plain record is what the child process receives anyway.
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: nodeEnv };
  if (nodeEnv === undefined) delete env.NODE_ENV;
  return spawnSync("npm", ["run", "db:seed", "--", ...args], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
}

async function tableCount(databaseUrl: string): Promise<number> {
  if (ENGINE === "postgres") {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return Number(
        (await client.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'"))
          .rows[0].n,
      );
    } finally {
      await client.end();
    }
  }
  const db = new Database(databaseUrl.replace(/^file:/, ""));
  try {
    return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test("db:seed refuses NODE_ENV=production with a clear message and exit code 1, before touching the database", async () => {
  const url = await createEmptyDatabase(`cosign_seedprod_${process.pid}`);
  created.push(url);
  for (const args of [[], ["--json"]]) {
    const res = seed(url, "production", args);
    expect(res.status).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain(
      "db:seed refuses to run with NODE_ENV=production: it writes the publicly known demo passwords and agent tokens.",
    );
  }
  expect(await tableCount(url)).toBe(0);
});

test("with NODE_ENV unset, `npm run db:seed -- --json` prints exactly one JSON object, as before", async () => {
  const url = await createEmptyDatabase(`cosign_seeddev_${process.pid}`);
  created.push(url);
  const res = seed(url, undefined, ["--json"]);
  expect(res.status).toBe(0);
  expect(res.stdout.endsWith("}\n")).toBe(true);
  const fixtures = JSON.parse(res.stdout);
  expect(Object.keys(fixtures)).toEqual(["humans", "tokens", "milestones", "contracts", "proposals"]);
  expect(fixtures.humans[0]).toEqual({
    email: "owner@acme.test",
    password: "cosign-demo-2026",
    accountId: "org_acme",
    role: "OWNER",
  });
});
