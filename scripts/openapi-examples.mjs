// node scripts/openapi-examples.mjs — makes lib/openapi/examples.json, the OpenAPI document's success examples, from
// real answers: it runs the integration suites (SQLite) with OPENAPI_EXAMPLES_OUT set, so every 2xx the suites
// receive, once validated against the document (test/support/openapi-responses.ts), is written down; then keeps one
// per operation and status — the one with the most fields filled in — with its secrets masked and its lists cut to
// two items. test/integration/openapi.test.ts requires an example for every success status and validates each.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./prisma-lib.mjs";

const out = path.join(os.tmpdir(), `openapi-examples-${process.pid}.jsonl`);
fs.rmSync(out, { force: true });
const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run"], {
  cwd: ROOT,
  env: { ...process.env, TEST_DB: "sqlite", OPENAPI_EXAMPLES_OUT: out },
  stdio: "inherit",
});
if (run.status !== 0) process.exit(run.status ?? 1);

/** The secret part of a token or webhook secret, masked with its shape kept (the schemas check the shape). */
const mask = (text) =>
  text
    .replace(/\b(ot_(?:pat|clm|cat)_[A-Za-z0-9]{16}_)[A-Za-z0-9]{32}\b/g, (_, head) => `${head}${"x".repeat(32)}`)
    .replace(/\b(whsec_)[A-Za-z0-9_-]+/g, (_, head) => `${head}${"x".repeat(32)}`);
const trim = (value) => {
  if (Array.isArray(value)) return value.slice(0, 2).map(trim);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v)]));
  return value;
};
/** How filled in an answer is: its non-null, non-empty leaves. */
const richness = (value) =>
  Array.isArray(value)
    ? value.reduce((sum, v) => sum + richness(v), 0)
    : value && typeof value === "object"
      ? Object.values(value).reduce((sum, v) => sum + richness(v), 0)
      : value === null || value === ""
        ? 0
        : 1;

const best = new Map();
for (const line of fs.readFileSync(out, "utf8").split("\n")) {
  if (!line) continue;
  const { key, body } = JSON.parse(line);
  // The document itself is its own example of nothing.
  if (key.startsWith("GET /api/public/v1/openapi.json ")) continue;
  const example = JSON.parse(mask(JSON.stringify(trim(body))));
  const score = richness(example);
  if (!best.has(key) || score > best.get(key).score) best.set(key, { score, example });
}
fs.rmSync(out, { force: true });
const examples = Object.fromEntries(
  [...best].sort(([a], [b]) => a.localeCompare(b)).map(([key, { example }]) => [key, example]),
);
const target = path.join(ROOT, "lib/openapi/examples.json");
fs.writeFileSync(target, `${JSON.stringify(examples, null, 2)}\n`);
console.log(`${Object.keys(examples).length} examples → ${path.relative(ROOT, target)}`);
