// npm run dev: migrate and seed the SQLite file (idempotent), print how to sign in, then start Next in dev mode.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { runInForeground } from "./foreground.mjs";
import { ROOT } from "./prisma-lib.mjs";
import { LOCAL_URL, PORT, runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv({ allowGeneratedSecret: true });
const seed = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "prisma/seed.ts"], {
  cwd: ROOT,
  env,
  stdio: "inherit",
});
if (seed.status !== 0) process.exit(seed.status ?? 1);

console.log(`\n  Open ${LOCAL_URL} — the agent API is at ${LOCAL_URL}/api/public/v1\n`);
runInForeground(path.join(ROOT, "node_modules", ".bin", "next"), ["dev", "-p", PORT], { cwd: ROOT, env });
