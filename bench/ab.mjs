// node bench/ab.mjs <label>:<project dir>[:<node binary>] <label>:<dir>[:<node>] — not a test: two production
// servers side by side (two copies of the project, e.g. with and without a change to node_modules, or one project
// under two runtimes), each on its own copy of the same seeded SQLite database, measured in alternating short wrk
// runs (AB_ROUNDS × AB_SECONDS s per route and side; the side that goes first alternates). On a shared VM, a change of
// a few per cent is only visible this way: both sides see the same neighbours within seconds of each other.
// Prints, per route, each side's median server CPU per request and req/s, and the median over rounds of B ÷ A.
// Each copy needs its own `next build` (or the same one copied) and native modules built for its node. AB_PORT (3731):
// the first side's port, the second listens on the next one.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";
import { assertWrkInstalled, listenerPid, median, waitForServer, wrk } from "./measure.mjs";

const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 10);
assertWrkInstalled();

const sides = process.argv.slice(2).map((spec, i) => {
  const [label, dir, node = process.execPath] = spec.split(":");
  return {
    label,
    dir: path.resolve(dir),
    node,
    version: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(),
    port: Number(process.env.AB_PORT ?? 3731) + i,
  };
});
if (sides.length !== 2) {
  console.error("usage: node bench/ab.mjs <label>:<project dir>[:<node binary>] <label>:<project dir>[:<node binary>]");
  process.exit(1);
}

const outDir = path.join(ROOT, "bench-results");
const servers = [];
try {
  for (const side of sides) {
    const databaseUrl = await freshDatabase("sqlite", `ab-${side.label}`, outDir);
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "bench-only-secret-0000000000000000",
    };
    side.fixtures = seedWithCommand(databaseUrl, env);
    const child = spawn(
      side.node,
      [path.join(side.dir, "node_modules/next/dist/bin/next"), "start", "-p", String(side.port), "-H", "127.0.0.1"],
      { cwd: side.dir, env, stdio: "ignore" },
    );
    servers.push(child);
    side.base = `http://127.0.0.1:${side.port}`;
    await waitForServer(child, side.base);
    side.pid = listenerPid(side.port);
    const token = side.fixtures.tokens.full;
    const first = await fetch(
      `${side.base}/api/public/v1/milestones/${side.fixtures.milestones.activeFunded}/approve`,
      { method: "POST", headers: { authorization: `Bearer ${token}` } },
    );
    side.approvalId = (await first.json()).approval.id;
  }

  // The same request for both sides (ids are the same: the seed is deterministic, the approval id is each side's own).
  const routes = [
    ["bare: GET /api/health", () => ["GET", "/api/health"]],
    ["auth: GET /auth/me", () => ["GET", "/api/public/v1/auth/me"]],
    ["GET /approvals/{id}", (side) => ["GET", `/api/public/v1/approvals/${side.approvalId}`]],
    [
      "POST …/approve (replay, pending)",
      (side) => ["POST", `/api/public/v1/milestones/${side.fixtures.milestones.activeFunded}/approve`],
    ],
    ["GET /updates?limit=50", () => ["GET", "/api/public/v1/updates?limit=50"]],
  ];
  const run = (side, route) => {
    const [method, pathAndQuery] = route(side);
    return wrk(side.base, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      script: "bench/with-token.lua",
      serverPid: side.pid,
      env: { TOKEN: side.fixtures.tokens.full, METHOD: method, PATH_AND_QUERY: pathAndQuery },
    });
  };
  // Warm-up: JIT and caches, on every route.
  for (const side of sides) for (const [, route] of routes) run(side, route);

  const results = routes.map(([name]) => ({ name, runs: sides.map(() => []) }));
  for (let round = 0; round < ROUNDS; round++) {
    routes.forEach(([name, route], r) => {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const s of order) results[r].runs[s].push(run(sides[s], route));
      const [a, b] = results[r].runs.map((list) => list.at(-1));
      console.log(
        `round ${round + 1}/${ROUNDS} ${name.padEnd(34)} ${sides.map((side, s) => `${side.label} ${[a, b][s].serverCpuUs} µs ${[a, b][s].rps.toFixed(0)} req/s`).join("   ")}${a.non2xx + b.non2xx ? `  non-2xx ${a.non2xx + b.non2xx}` : ""}`,
      );
    });
  }

  const [A, B] = sides.map((side) => side.label);
  const lines = [
    `${sides.map((side) => `${side.label}: ${side.dir} on Node ${side.version}`).join("; ")}. ${ROUNDS} alternating rounds of ${SECONDS} s, ${CONNECTIONS} connections; medians.`,
    "",
    `| route | ${A} CPU µs/req | ${B} CPU µs/req | ${B} ÷ ${A} CPU (per-round range) | ${A} req/s | ${B} req/s | ${B} ÷ ${A} req/s |`,
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { name, runs } of results) {
    const [a, b] = runs;
    const cpuRatios = a.map((run, i) => b[i].serverCpuUs / run.serverCpuUs);
    const rpsRatios = a.map((run, i) => b[i].rps / run.rps);
    lines.push(
      `| ${name} | ${median(a.map((r) => r.serverCpuUs))} | ${median(b.map((r) => r.serverCpuUs))} | ${median(cpuRatios).toFixed(3)} (${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)}) | ${median(a.map((r) => r.rps)).toFixed(0)} | ${median(b.map((r) => r.rps)).toFixed(0)} | ${median(rpsRatios).toFixed(3)} |`,
    );
  }
  console.log(`\n${lines.join("\n")}`);
} finally {
  for (const child of servers) child.kill("SIGTERM");
}
