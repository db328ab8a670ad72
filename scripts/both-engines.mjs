// Runs one vitest configuration on SQLite, then on PostgreSQL: `node scripts/both-engines.mjs <config> [files…]`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./prisma-lib.mjs";

const [config, ...files] = process.argv.slice(2);
let failed = false;
for (const engine of ["sqlite", "postgres"]) {
  const res = spawnSync(path.join(ROOT, "node_modules/.bin/vitest"), ["run", "--config", config, ...files], {
    cwd: ROOT,
    env: { ...process.env, TEST_DB: engine },
    stdio: "inherit",
  });
  failed ||= res.status !== 0;
}
process.exit(failed ? 1 : 0);
