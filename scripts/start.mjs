// npm start: apply pending migrations, then serve the production build (`npm run build` first). Never seeds.
import { spawn } from "node:child_process";
import path from "node:path";
import { migrate } from "./db-migrate.mjs";
import { ROOT } from "./prisma-lib.mjs";
import { runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv({ allowGeneratedSecret: process.env.NODE_ENV !== "production" });
migrate(env.DATABASE_URL);
const args = [path.join(ROOT, "scripts", "serve.mjs"), "-p", process.env.PORT ?? "3000", ...(process.env.HOST ? ["-H", process.env.HOST] : [])];
const next = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
