// npm start: apply pending migrations, then serve the production build (`npm run build` first). Never seeds.
import path from "node:path";
import { migrate } from "./db-migrate.mjs";
import { runInForeground } from "./foreground.mjs";
import { ROOT } from "./prisma-lib.mjs";
import { PORT, runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv({ allowGeneratedSecret: process.env.NODE_ENV !== "production" });
migrate(env.DATABASE_URL);
const args = ["start", "-p", PORT, ...(process.env.HOST ? ["-H", process.env.HOST] : [])];
runInForeground(path.join(ROOT, "node_modules", ".bin", "next"), args, { cwd: ROOT, env });
