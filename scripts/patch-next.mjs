// Carries one small performance fix to Next.js (run by postinstall; `--check` only verifies it is in place).
//
// Next 16 rebuilds a dynamic route's regular expressions and matchers on EVERY request: RouteModule.prepare() calls
// getServerUtils({ page, … }), which compiles the page's named route regex (getNamedRouteRegex) from scratch each
// time. It is a pure function of its inputs, so this wraps it in a memo keyed by them — the page, basePath,
// trailingSlash, caseSensitive and the identity of the manifest's rewrites and i18n objects (a reloaded manifest
// is a new object, so it recomputes). Measured: an empty `[id]` route handler went from ~0.87 to ~0.97 of a static
// one's throughput (docs/decisions/0004-next-route-regex-memo.md). Nothing else in Next changes.
//
// The compiled runtimes are minified, so the patch matches the shape of the code, not names; each file must hold
// exactly one definition and one call, or the file is left untouched and the check fails loudly.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIR = path.join(ROOT, "node_modules/next/dist/compiled/next-server");
const MARKER = "__cosignServerUtilsMemo";
const DEFINITION = /(\w+)=function\(\{page:\w+,i18n:\w+,basePath:\w+,rewrites:\w+,pageIsDynamic:\w+,trailingSlash:\w+,caseSensitive:\w+\}\)\{/g;
const CALL = /\}\(\{page:\w+,i18n:\w+,basePath:\w+,rewrites:\w+,pageIsDynamic:\w+,trailingSlash:/g;
const MEMO =
  `(f=>q=>{const m=globalThis.${MARKER}??=new Map(),k=[q.page,q.pageIsDynamic,q.basePath,q.trailingSlash,q.caseSensitive].join("\\0");` +
  `let v=m.get(k);if(!v||v.r!==q.rewrites||v.i!==q.i18n){v={r:q.rewrites,i:q.i18n,u:f(q)};m.set(k,v)}return v.u})`;

// The runtimes a Turbopack production build serves route handlers and pages with: these must be patched. Other
// runtimes with the same code (webpack builds, pages router) are patched when their code has the same shape.
const REQUIRED = ["app-route-turbo.runtime.prod.js", "app-page-turbo.runtime.prod.js"];

const checkOnly = process.argv.includes("--check");
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith(".runtime.prod.js")) : [];
const problems = [];
let patched = 0;
let already = 0;

for (const file of files) {
  const full = path.join(DIR, file);
  const source = fs.readFileSync(full, "utf8");
  if (!source.includes("pageIsDynamic:")) continue; // runtimes without route preparation
  if (source.includes(MARKER)) {
    already++;
    continue;
  }
  const definitions = [...source.matchAll(DEFINITION)];
  const calls = [...source.matchAll(CALL)];
  if (definitions.length !== 1 || calls.length !== 1 || calls[0].index < definitions[0].index) {
    if (REQUIRED.includes(file)) problems.push(`${file}: expected one getServerUtils definition and call, found ${definitions.length} and ${calls.length}`);
    continue;
  }
  if (checkOnly) {
    problems.push(`${file}: not patched (run: node scripts/patch-next.mjs)`);
    continue;
  }
  const [definition] = definitions;
  const call = calls[0];
  const result =
    source.slice(0, definition.index) +
    `${definition[1]}=${MEMO}(function${definition[0].slice(definition[1].length + "=function".length)}` +
    source.slice(definition.index + definition[0].length, call.index) +
    "})(" +
    source.slice(call.index + "}(".length);
  // The patched file must still be valid JavaScript before it replaces the original.
  try {
    new Function(result);
  } catch (error) {
    problems.push(`${file}: patched source does not parse (${error.message}); left untouched`);
    continue;
  }
  fs.writeFileSync(full, result);
  patched++;
}

for (const file of REQUIRED) if (!files.includes(file)) problems.push(`${file}: missing from ${path.relative(ROOT, DIR)}`);
if (problems.length > 0) {
  console.error(`patch-next: ${problems.join("\n  ")}`);
  // Installing must not fail because of a performance patch; the check (npm test) must.
  process.exit(checkOnly ? 1 : 0);
}
if (!checkOnly) console.log(`patch-next: memoized getServerUtils in ${patched} runtime(s)${already ? `, ${already} already patched` : ""}`);
