// npm run db:seed [-- --json]: migrates (if needed) and seeds the database DATABASE_URL names (default: the SQLite
// file data/dev.db). With --json, stdout carries exactly one JSON object: the fixtures. Logs go to stderr.
import { migrate } from "../scripts/db-migrate.mjs";
import { LOCAL_URL } from "../scripts/runtime-env.mjs";
import { DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed-demo";
import { disconnectDb } from "@/lib/db";

// The demo's passwords and agent tokens are public (README): in a production database they would be open doors.
// Checked before anything is migrated or written.
if (process.env.NODE_ENV === "production") {
  console.error(
    "db:seed refuses to run with NODE_ENV=production: it writes the publicly known demo passwords and agent tokens. Seed development and test databases only.",
  );
  process.exit(1);
}

const isJson = process.argv.includes("--json");
process.env.DATABASE_URL ||= "file:./data/dev.db";

try {
  migrate(process.env.DATABASE_URL, { quiet: isJson });
  const { created, fixtures } = await seedDemo();
  if (isJson) {
    process.stdout.write(`${JSON.stringify(fixtures)}\n`);
  } else {
    const owner = fixtures.humans[0];
    console.log(created ? "Seeded the demo data." : "Demo data already present.");
    console.log(`  Sign in as:   ${owner.email} / ${DEMO_PASSWORD}`);
    console.log(`  Agent token:  ${fixtures.tokens.full}`);
    console.log(
      `  Try:          curl -s -w '\\n%{http_code}\\n' -X POST -H "Authorization: Bearer ${fixtures.tokens.full}" ${LOCAL_URL}/api/public/v1/milestones/${fixtures.milestones.activeFunded}/approve`,
    );
  }
} catch (error) {
  console.error("seed failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
