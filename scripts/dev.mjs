// npm run dev: migrate and seed the SQLite file (idempotent), print how to sign in, then start Next in dev mode.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./prisma-lib.mjs";
import { runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv({ allowGeneratedSecret: true });
const seed = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "inherit" });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const port = process.env.PORT ?? "3000";
console.log(`\n  Open http://localhost:${port} — the agent API is at http://localhost:${port}/api/public/v1\n`);
const next = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["dev", "-p", port], { cwd: ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
