// Derives prisma/postgres/schema.prisma from the one hand-edited prisma/sqlite/schema.prisma, then generates
// both clients. `--check` fails if the committed postgres schema is stale (used by the test command).
import fs from "node:fs";
import path from "node:path";
import { ROOT, prisma } from "./prisma-lib.mjs";

const source = path.join(ROOT, "prisma/sqlite/schema.prisma");
const target = path.join(ROOT, "prisma/postgres/schema.prisma");

export function derivePostgresSchema(text) {
  const out = text
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('"../../generated/sqlite"', '"../../generated/postgres"')
    .replace(
      /^\/\/ The one hand-edited schema\..*$/m,
      "// GENERATED from prisma/sqlite/schema.prisma by scripts/prisma-generate.mjs — do not edit.",
    );
  if (!out.includes('provider = "postgresql"') || !out.includes("generated/postgres")) {
    throw new Error("prisma-generate: the sqlite schema no longer has the provider/output lines this script rewrites");
  }
  return out;
}

const derived = derivePostgresSchema(fs.readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current !== derived) {
    console.error("prisma/postgres/schema.prisma is stale: run `npm run db:generate`");
    process.exit(1);
  }
  process.exit(0);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, derived);

for (const provider of ["sqlite", "postgres"]) {
  const res = prisma(["generate", "--schema", `prisma/${provider}/schema.prisma`], {
    ...process.env,
    DATABASE_URL: provider === "postgres" ? "postgresql://postgres@127.0.0.1:5432/postgres" : "file::memory:",
  });
  if (res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    process.exit(res.status ?? 1);
  }
}
console.log("prisma: generated clients for sqlite and postgres");
