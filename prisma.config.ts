// Prisma CLI configuration (migrate deploy / diff). The CLI reads no .env when this file exists, so every script
// exports DATABASE_URL itself. The provider — schema, migrations folder and driver adapter — follows DATABASE_URL.
import path from "node:path";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/dev.db";
const provider = /^postgres(ql)?:/.test(url) ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    if (provider === "postgres") {
      const { migrationAdapter } = await import("./scripts/pg-migration-adapter.mjs");
      return migrationAdapter(url);
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
