// npm start: apply pending migrations, then serve the production build (`npm run build` first). Never seeds.
import path from "node:path";
import { migrate } from "./db-migrate.mjs";
import { runInForeground } from "./foreground.mjs";
import { ROOT } from "./prisma-lib.mjs";
import { PORT, runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv({ allowGeneratedSecret: process.env.NODE_ENV !== "production" });
migrate(env.DATABASE_URL);
// The production server is scripts/serve.mjs: Next's request handler behind the body-limit front (decision 0006).
const args = [
  path.join(ROOT, "scripts", "serve.mjs"),
  "-p",
  PORT,
  ...(process.env.HOST ? ["-H", process.env.HOST] : []),
];
runInForeground(process.execPath, args, { cwd: ROOT, env });
