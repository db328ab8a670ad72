// node bench/limiter-ab.mjs — not a test: what the per-token limiter costs a whole request. On each engine, two
// production servers from this build on one seeded database: "on" (the limiter counting, its limit raised out of the
// way as `npm run bench` does) and "off" (RATE_LIMIT_TOKEN_OFF=1: not counted at all), measured in alternating short
// wrk runs on the same routes (the side that goes first alternates), so both see the same neighbours within seconds.
// Prints per route each side's median server CPU per request (and, on PostgreSQL, its backends': every backend on the
// machine, so other work shows up there), req/s, and on ÷ off. Env: LIMITER_AB_ENGINES (sqlite,postgres),
// LIMITER_AB_ROUNDS (8), LIMITER_AB_SECONDS (3), LIMITER_AB_CONNECTIONS (10), LIMITER_AB_PORT (3741, and the next).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";
import { assertWrkInstalled, listenerPid, median, waitForServer, wrk } from "./measure.mjs";

const ENGINES = (process.env.LIMITER_AB_ENGINES ?? "sqlite,postgres").split(",");
const ROUNDS = Number(process.env.LIMITER_AB_ROUNDS ?? 8);
const SECONDS = Number(process.env.LIMITER_AB_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.LIMITER_AB_CONNECTIONS ?? 10);
const PORT = Number(process.env.LIMITER_AB_PORT ?? 3741);
assertWrkInstalled();
if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
const outDir = path.join(ROOT, "bench-results");
fs.mkdirSync(outDir, { recursive: true });
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(" ");

const lines = [];
for (const engine of ENGINES) {
  const databaseUrl = await freshDatabase(
    engine,
    engine === "postgres" ? `cosign_limiter_ab_${PORT}` : "limiter-ab",
    outDir,
  );
  const base = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "bench-only-secret-0000000000000000",
    RATE_LIMIT_TOKEN_PER_SECOND: "1000000",
    RATE_LIMIT_TOKEN_BURST: "0",
  };
  const fixtures = seedWithCommand(databaseUrl, base);
  const sides = [
    { label: "on", env: { ...base, RATE_LIMIT_TOKEN_OFF: "0" }, port: PORT },
    { label: "off", env: { ...base, RATE_LIMIT_TOKEN_OFF: "1" }, port: PORT + 1 },
  ];
  const servers = [];
  try {
    for (const side of sides) {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, "scripts/serve.mjs"), "-p", String(side.port), "-H", "127.0.0.1"],
        { cwd: ROOT, env: side.env, stdio: "ignore" },
      );
      servers.push(child);
      side.base = `http://127.0.0.1:${side.port}`;
      await waitForServer(child, side.base);
      side.pid = listenerPid(side.port);
    }
    const token = fixtures.tokens.full;
    const first = await fetch(`${sides[0].base}/api/public/v1/milestones/${fixtures.milestones.activeFunded}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    const approvalId = (await first.json()).approval.id;
    const routes = [
      ["GET /auth/me", "/api/public/v1/auth/me"],
      ["GET /approvals/{id}", `/api/public/v1/approvals/${approvalId}`],
    ];
    const run = (side, pathAndQuery) =>
      wrk(side.base, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        script: "bench/with-token.lua",
        serverPid: side.pid,
        postgres: engine === "postgres",
        env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: pathAndQuery },
      });
    for (const side of sides) for (const [, p] of routes) run(side, p); // warm-up: JIT, caches, pools
    const loadBefore = load();
    for (const [name, pathAndQuery] of routes) {
      const runs = sides.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        for (const s of round % 2 === 0 ? [0, 1] : [1, 0]) runs[s].push(run(sides[s], pathAndQuery));
        const [a, b] = runs.map((list) => list.at(-1));
        if (a.non2xx || b.non2xx)
          throw new Error(`${engine} ${name}: non-2xx answers (${a.non2xx} on, ${b.non2xx} off)`);
        console.log(
          `${engine} round ${round + 1}/${ROUNDS} ${name.padEnd(20)} on ${a.serverCpuUs} µs ${a.rps.toFixed(0)} req/s   off ${b.serverCpuUs} µs ${b.rps.toFixed(0)} req/s`,
        );
      }
      const [on, off] = runs;
      const cpuRatios = on.map((r, i) => r.serverCpuUs / off[i].serverCpuUs);
      const db = (list) => (engine === "postgres" ? String(median(list.map((r) => r.dbCpuUs))) : "–");
      lines.push(
        `| ${engine} | ${name} | ${median(on.map((r) => r.serverCpuUs))} | ${median(off.map((r) => r.serverCpuUs))} | ${(median(on.map((r) => r.serverCpuUs)) - median(off.map((r) => r.serverCpuUs))).toFixed(0)} | ${median(cpuRatios).toFixed(3)} (${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)}) | ${db(on)} / ${db(off)} | ${median(on.map((r) => r.rps)).toFixed(0)} | ${median(off.map((r) => r.rps)).toFixed(0)} | ${loadBefore} → ${load()} |`,
      );
    }
  } finally {
    for (const child of servers) child.kill("SIGTERM");
  }
}
console.log(
  `\n${ROUNDS} alternating rounds of ${SECONDS} s per route and side, ${CONNECTIONS} connections; medians.\n`,
);
console.log(
  "| engine | route | on: server CPU µs/req | off | on − off µs | on ÷ off CPU (per-round range) | PG backends µs/req on / off | on req/s | off req/s | load average (1/5/15 min) |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
for (const line of lines) console.log(line);
