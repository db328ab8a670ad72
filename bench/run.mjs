// npm run bench — not a test: throughput and latency of the production build, side by side with a bare Next.js
// route (GET /api/health, the baseline) measured in the same run on the same server. wrk from Debian's packages.
// Env: BENCH_ENGINES (sqlite,postgres), BENCH_SECONDS (4), BENCH_CONNECTIONS (10,64), BENCH_ROUNDS (3),
// BENCH_MILESTONES (40000), BENCH_THREADS (1). Beside req/s it reports CPU per request: the server process's (all threads)
// and, on PostgreSQL, its backends' — steadier than throughput on a shared VM (Linux /proc; "–" elsewhere).
//
// Each scenario runs right after its own baseline run, in BENCH_ROUNDS rounds, and the table gives medians: on a
// shared two-core VM throughput drifts by ±10 % within a minute, so a single baseline at the start of a run would
// bias every later ratio. A ratio is always scenario ÷ the baseline measured just before it.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";

const ENGINES = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,64").split(",").map(Number);
const MILESTONES = Number(process.env.BENCH_MILESTONES ?? 40_000);
const PORT = 3700;
const BASE = `http://127.0.0.1:${PORT}`;
// One wrk thread: the machine has two cores, and the server (one Node process) should have one of them to itself.
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const outDir = path.join(ROOT, "bench-results");
fs.mkdirSync(outDir, { recursive: true });

if (spawnSync("wrk", ["--version"]).error) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(1);
}
if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.log("No production build yet: running next build");
  execFileSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

function median(values) {
  const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const roundOrNull = (value) => (value === null ? null : Math.round(value));

function parseWrk(output) {
  const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
  const latency = (p) => {
    const m = output.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
    return m ? toMs(m[1], m[2]) : null;
  };
  return {
    rps: Number(output.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0),
    p50: latency(50),
    p99: latency(99),
    requests: Number(output.match(/(\d+) requests in/)?.[1] ?? 0),
    non2xx: Number(output.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0),
    errors: output.match(/Socket errors:.*/)?.[0] ?? null,
  };
}

// CPU per request, beside req/s: on this shared VM throughput drifts from run to run, while the CPU time a request
// costs the server process (all its threads) and the PostgreSQL backends moves much less. Linux /proc only; null elsewhere.
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;
function cpuTicks(stat) {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function processTicks(pid) {
  try {
    return cpuTicks(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}
function postgresTicks() {
  let total = 0;
  let found = false;
  for (const entry of fs.existsSync("/proc") ? fs.readdirSync("/proc") : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      total += cpuTicks(stat);
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : null;
}
/** The process listening on the port (`next start` serves from a child process of its own). */
function listenerPid(port) {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout ?? "";
  const pid = out.match(/pid=(\d+)/)?.[1];
  return pid ? Number(pid) : null;
}

let serverPid = null;
function wrk(url, connections, { script, env = {}, engine } = {}) {
  const args = [`-t${THREADS}`, `-c${connections}`, `-d${SECONDS}s`, "--latency", ...(script ? ["-s", script] : []), url];
  const server0 = serverPid ? processTicks(serverPid) : null;
  const db0 = engine === "postgres" ? postgresTicks() : null;
  const res = spawnSync("wrk", args, { encoding: "utf8", env: { ...process.env, THREADS: String(THREADS), ...env } });
  const server1 = serverPid ? processTicks(serverPid) : null;
  const db1 = engine === "postgres" ? postgresTicks() : null;
  const result = parseWrk(res.stdout);
  const perRequest = (t0, t1) => (t0 !== null && t1 !== null && result.requests ? Math.round(((t1 - t0) * 1e6) / CLOCK_TICKS / result.requests) : null);
  return { ...result, serverCpuUs: perRequest(server0, server1), dbCpuUs: perRequest(db0, db1) };
}

async function waitForServer(child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

const results = [];
for (const engine of ENGINES) {
  const databaseUrl = await freshDatabase(engine, engine === "postgres" ? "cosign_bench" : "bench", outDir);
  const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: "bench-only-secret-0000000000000000" };
  const fixtures = seedWithCommand(databaseUrl, env);
  const ids = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/setup-data.ts", String(MILESTONES)], { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .trim()
    .split("\n");
  // PostgreSQL plans from table statistics, which autovacuum refreshes within a minute of a table changing by ~10 %.
  // The bench loads 40,000 milestones and then creates thousands of approvals and events in seconds, faster than
  // any autovacuum pass: without a refresh the next scenario would measure a plan chosen for a table 100× smaller
  // (the feed query sorting every event: 2–5 ms instead of 0.07). So it analyzes after each such bulk change.
  const refreshStatistics = async () => {
    if (engine !== "postgres") return;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("ANALYZE");
    await client.end();
  };
  await refreshStatistics();
  const token = fixtures.tokens.full;
  const server = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs"), "-p", String(PORT), "-H", "127.0.0.1"], { cwd: ROOT, env, stdio: "ignore" });
  try {
    await waitForServer(server);
    serverPid = listenerPid(PORT);
    const replayMilestone = ids.pop();
    const first = await fetch(`${BASE}/api/public/v1/milestones/${replayMilestone}/approve`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const approvalId = (await first.json()).approval.id;
    // Warm-up: JIT, route compilation caches, connection pools.
    for (const url of [`${BASE}/api/health`, `${BASE}/api/public/v1/approvals/${approvalId}`]) wrk(url, 10, { script: "bench/with-token.lua", env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: new URL(url).pathname } });

    // Every (connections, round) pair gets its own slice of fresh milestones, so "new approval" never replays.
    const sliceSize = Math.floor(ids.length / (CONNECTIONS.length * ROUNDS));
    let slice = 0;
    for (const connections of CONNECTIONS) {
      // The baseline goes through the same Lua script and sends the same Authorization header, so the client's
      // cost per request is the same in every row.
      const baseline = () => wrk(BASE, connections, { engine, script: "bench/with-token.lua", env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: "/api/health" } });
      const scenarios = [
        ["POST …/approve (new approval)", (idsFile) => wrk(BASE, connections, { engine, script: "bench/approve-new.lua", env: { TOKEN: token, IDS_FILE: idsFile } })],
        ["POST …/approve (replay, pending)", () => wrk(BASE, connections, { engine, script: "bench/with-token.lua", env: { TOKEN: token, METHOD: "POST", PATH_AND_QUERY: `/api/public/v1/milestones/${replayMilestone}/approve` } })],
        ["GET /approvals/{id}", () => wrk(BASE, connections, { engine, script: "bench/with-token.lua", env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: `/api/public/v1/approvals/${approvalId}` } })],
        ["GET /updates?limit=50", () => wrk(BASE, connections, { engine, script: "bench/with-token.lua", env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: "/api/public/v1/updates?limit=50" } })],
      ];
      const runs = new Map([["baseline: GET /api/health", []], ...scenarios.map(([name]) => [name, []])]);
      for (let round = 0; round < ROUNDS; round++) {
        const idsFile = path.join(outDir, `ids-${engine}-${connections}-${round}.txt`);
        fs.writeFileSync(idsFile, ids.slice(slice * sliceSize, (slice + 1) * sliceSize).join("\n") + "\n");
        slice++;
        for (const [name, run] of scenarios) {
          const base = baseline();
          const r = run(idsFile);
          if (name.includes("new approval")) await refreshStatistics();
          runs.get("baseline: GET /api/health").push({ ...base, ratio: 1 });
          const ratio = base.rps ? r.rps / base.rps : 0;
          if (name.includes("new approval") && r.requests > sliceSize) r.note = `only ${sliceSize} distinct milestones: ${r.requests - sliceSize} requests were replays`;
          runs.get(name).push({ ...r, ratio });
          console.log(`${engine.padEnd(8)} c=${String(connections).padEnd(3)} round ${round + 1}/${ROUNDS} ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s vs baseline ${base.rps.toFixed(0).padStart(6)}  ratio ${ratio.toFixed(2)}  p99 ${r.p99?.toFixed(2)} ms  server CPU ${r.serverCpuUs ?? "?"} µs/req${r.dbCpuUs !== null ? `  db CPU ${r.dbCpuUs} µs/req` : ""}${r.non2xx ? `  non-2xx ${r.non2xx}` : ""}`);
        }
      }
      for (const [scenario, list] of runs) {
        results.push({
          engine,
          connections,
          scenario,
          rounds: list.length,
          rps: median(list.map((r) => r.rps)),
          p50: median(list.map((r) => r.p50)),
          p99: median(list.map((r) => r.p99)),
          serverCpuUs: roundOrNull(median(list.map((r) => r.serverCpuUs))),
          dbCpuUs: roundOrNull(median(list.map((r) => r.dbCpuUs))),
          ratio: median(list.map((r) => r.ratio)),
          ratioRange: [Math.min(...list.map((r) => r.ratio)), Math.max(...list.map((r) => r.ratio))],
          non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
          notes: list.flatMap((r) => (r.note ? [r.note] : [])),
          runs: list,
        });
      }
    }
  } finally {
    server.kill("SIGTERM");
  }
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const report = { at: new Date().toISOString(), seconds: SECONDS, rounds: ROUNDS, threads: THREADS, machine: { cpus: (await import("node:os")).cpus().length, node: process.version }, results };
fs.writeFileSync(path.join(outDir, `bench-${stamp}.json`), JSON.stringify(report, null, 2));
fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(report, null, 2));

const lines = [
  `Medians of ${ROUNDS} rounds of ${SECONDS} s; each ratio is against the baseline run just before it (range over the rounds).`,
  "",
  "| engine | conns | scenario | req/s | p50 ms | p99 ms | server CPU µs/req | db CPU µs/req | × baseline |",
  "|---|---:|---|---:|---:|---:|---:|---:|---:|",
];
for (const r of results) {
  const range = r.scenario.startsWith("baseline") ? "" : ` (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`;
  const cpu = (value) => (value === null ? "–" : String(value));
  lines.push(
    `| ${r.engine} | ${r.connections} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50?.toFixed(2)} | ${r.p99?.toFixed(2)} | ${cpu(r.serverCpuUs)} | ${cpu(r.dbCpuUs)} | ${r.ratio.toFixed(2)}${range}${r.non2xx ? ` (${r.non2xx} non-2xx)` : ""} |`,
  );
}
const table = lines.join("\n");
fs.writeFileSync(path.join(outDir, "latest.md"), table + "\n");
console.log(`\n${table}\n\nReport: bench-results/bench-${stamp}.json (and latest.json, latest.md)`);
