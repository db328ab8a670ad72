// npm run bench — not a test: throughput and latency of the production build, side by side with two floors measured
// in the same run on the same server: a bare Next.js route (GET /api/health: Next alone) and an authenticated one
// (GET /api/public/v1/auth/me with the full token: Next, the token check and a small presentation — what every agent
// request pays before its own work). wrk from Debian's packages. The server runs on the node that runs this script.
// Env: BENCH_ENGINES (sqlite,postgres), BENCH_SECONDS (4), BENCH_CONNECTIONS (10,64), BENCH_ROUNDS (3),
// BENCH_MILESTONES (40000), BENCH_THREADS (1), BENCH_PORT (3700), BENCH_LONGPOLL (1; 0 skips bench/long-poll.mjs); the
// webhook scenario: BENCH_WEBHOOK_RATE (200 events/s), BENCH_WEBHOOK_SECONDS (10); BENCH_ONLY=webhooks runs that
// scenario alone. Beside req/s it reports CPU per request: the server process's (all threads)
// and, on PostgreSQL, its backends' — steadier than throughput on a shared VM (Linux /proc; "–" elsewhere).
//
// Each scenario runs right after its own pair of floor runs, in BENCH_ROUNDS rounds, and the table gives medians: on a
// shared two-core VM throughput drifts by ±10 % within a minute, so a single baseline at the start of a run would
// bias every later ratio. A ratio is always scenario ÷ the floor measured just before it.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";
import { benchLongPoll, longPollTable } from "./long-poll.mjs";
import { benchWebhookDelivery } from "./webhook-delivery.mjs";
import { assertWrkInstalled, listenerPid, median, waitForServer, wrk as wrkRun } from "./measure.mjs";

const ENGINES = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,64").split(",").map(Number);
const MILESTONES = Number(process.env.BENCH_MILESTONES ?? 40_000);
// Two checkouts on one machine can bench at once: each on its own port, and the PostgreSQL database is named after it.
const PORT = Number(process.env.BENCH_PORT ?? 3700);
const BASE = `http://127.0.0.1:${PORT}`;
// One wrk thread: the machine has two cores, and the server (one Node process) should have one of them to itself.
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const WEBHOOK_RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 200);
const WEBHOOK_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const ONLY_WEBHOOKS = process.env.BENCH_ONLY === "webhooks";
const outDir = path.join(ROOT, "bench-results");
fs.mkdirSync(outDir, { recursive: true });

assertWrkInstalled();
if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.log("No production build yet: running next build");
  execFileSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

const BARE = "floor: GET /api/health (bare)";
const AUTH = "floor: GET /auth/me (token check)";
const roundOrNull = (value) => (value === null ? null : Math.round(value));

let serverPid = null;
const wrk = (url, connections, { script, env = {}, engine } = {}) =>
  wrkRun(url, {
    connections,
    seconds: SECONDS,
    threads: THREADS,
    script,
    env,
    serverPid,
    postgres: engine === "postgres",
  });

const results = [];
const webhookResults = [];
for (const engine of ENGINES) {
  const databaseUrl = await freshDatabase(engine, engine === "postgres" ? `cosign_bench_${PORT}` : "bench", outDir);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "bench-only-secret-0000000000000000",
    // The bench drives one token at thousands of calls a second: its limit is raised out of the way, so the runs
    // measure what the limiter costs per call (docs/decisions/0013-api-rate-limits.md), not its refusals.
    RATE_LIMIT_TOKEN_PER_SECOND: process.env.RATE_LIMIT_TOKEN_PER_SECOND ?? "1000000",
    // The webhook scenario's receiver is on this machine.
    WEBHOOK_ALLOW_LOOPBACK: "true",
  };
  const fixtures = seedWithCommand(databaseUrl, env);
  const ids = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "bench/setup-data.ts", String(MILESTONES)],
    { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  )
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
  const server = spawn(
    process.execPath,
    [path.join(ROOT, "scripts/serve.mjs"), "-p", String(PORT), "-H", "127.0.0.1"],
    { cwd: ROOT, env, stdio: process.env.BENCH_SERVER_LOG ? "inherit" : "ignore" },
  );
  try {
    await waitForServer(server, BASE);
    serverPid = listenerPid(PORT);
    const replayMilestone = ids.pop();
    // The webhook scenario's fresh milestones, one per event, kept out of the approve rows' slices.
    const webhookMilestones = ids.splice(-Math.min(WEBHOOK_RATE * WEBHOOK_SECONDS, ids.length - 1));
    const first = await fetch(`${BASE}/api/public/v1/milestones/${replayMilestone}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    const approvalId = (await first.json()).approval.id;
    // Warm-up: JIT, route compilation caches, connection pools.
    for (const url of [`${BASE}/api/health`, `${BASE}/api/public/v1/approvals/${approvalId}`])
      wrk(url, 10, {
        script: "bench/with-token.lua",
        env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: new URL(url).pathname },
      });

    // Every (connections, round) pair gets its own slice of fresh milestones, so "new approval" never replays.
    const sliceSize = Math.floor(ids.length / (CONNECTIONS.length * ROUNDS));
    let slice = 0;
    for (const connections of ONLY_WEBHOOKS ? [] : CONNECTIONS) {
      // The floors go through the same Lua script and send the same Authorization header, so the client's cost per
      // request is the same in every row.
      const bare = () =>
        wrk(BASE, connections, {
          engine,
          script: "bench/with-token.lua",
          env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: "/api/health" },
        });
      const authMe = () =>
        wrk(BASE, connections, {
          engine,
          script: "bench/with-token.lua",
          env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: "/api/public/v1/auth/me" },
        });
      const scenarios = [
        [
          "POST …/approve (new approval)",
          (idsFile) =>
            wrk(BASE, connections, {
              engine,
              script: "bench/approve-new.lua",
              env: { TOKEN: token, IDS_FILE: idsFile },
            }),
        ],
        [
          "POST …/approve (replay, pending)",
          () =>
            wrk(BASE, connections, {
              engine,
              script: "bench/with-token.lua",
              env: {
                TOKEN: token,
                METHOD: "POST",
                PATH_AND_QUERY: `/api/public/v1/milestones/${replayMilestone}/approve`,
              },
            }),
        ],
        [
          "GET /approvals/{id}",
          () =>
            wrk(BASE, connections, {
              engine,
              script: "bench/with-token.lua",
              env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: `/api/public/v1/approvals/${approvalId}` },
            }),
        ],
        [
          "GET /updates?limit=50",
          () =>
            wrk(BASE, connections, {
              engine,
              script: "bench/with-token.lua",
              env: { TOKEN: token, METHOD: "GET", PATH_AND_QUERY: "/api/public/v1/updates?limit=50" },
            }),
        ],
      ];
      const runs = new Map([[BARE, []], [AUTH, []], ...scenarios.map(([name]) => [name, []])]);
      for (let round = 0; round < ROUNDS; round++) {
        const idsFile = path.join(outDir, `ids-${engine}-${connections}-${round}.txt`);
        fs.writeFileSync(idsFile, ids.slice(slice * sliceSize, (slice + 1) * sliceSize).join("\n") + "\n");
        slice++;
        for (const [name, run] of scenarios) {
          const bareRun = bare();
          const authRun = authMe();
          const r = run(idsFile);
          if (name.includes("new approval")) await refreshStatistics();
          const over = (run, floor) => (floor.rps ? run.rps / floor.rps : 0);
          runs.get(BARE).push({ ...bareRun, ratio: 1, ratioAuth: over(bareRun, authRun) });
          runs.get(AUTH).push({ ...authRun, ratio: over(authRun, bareRun), ratioAuth: 1 });
          const ratio = over(r, bareRun);
          const ratioAuth = over(r, authRun);
          if (name.includes("new approval") && r.requests > sliceSize)
            r.note = `only ${sliceSize} distinct milestones: ${r.requests - sliceSize} requests were replays`;
          runs.get(name).push({ ...r, ratio, ratioAuth });
          console.log(
            `${engine.padEnd(8)} c=${String(connections).padEnd(3)} round ${round + 1}/${ROUNDS} ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s; bare ${bareRun.rps.toFixed(0).padStart(6)}, auth/me ${authRun.rps.toFixed(0).padStart(6)}  × bare ${ratio.toFixed(2)}  × auth/me ${ratioAuth.toFixed(2)}  p99 ${r.p99?.toFixed(2)} ms  server CPU ${r.serverCpuUs ?? "?"} µs/req${r.dbCpuUs !== null ? `  db CPU ${r.dbCpuUs} µs/req` : ""}${r.non2xx ? `  non-2xx ${r.non2xx}` : ""}`,
          );
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
          ratioAuth: median(list.map((r) => r.ratioAuth)),
          ratioAuthRange: [Math.min(...list.map((r) => r.ratioAuth)), Math.max(...list.map((r) => r.ratioAuth))],
          non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
          notes: list.flatMap((r) => (r.note ? [r.note] : [])),
          runs: list,
        });
      }
    }
    const webhook = await benchWebhookDelivery({
      base: BASE,
      token,
      milestoneIds: webhookMilestones,
      rate: WEBHOOK_RATE,
      seconds: WEBHOOK_SECONDS,
    });
    webhookResults.push({ engine, ...webhook });
    console.log(`${engine.padEnd(8)} webhooks ${JSON.stringify(webhook)}`);
  } finally {
    server.kill("SIGTERM");
  }
}

// The long-poll scenarios (bench/long-poll.mjs): servers of their own, after the table's, so neither disturbs the other.
const longPoll = process.env.BENCH_LONGPOLL === "0" || ONLY_WEBHOOKS ? [] : await benchLongPoll(ENGINES, outDir);

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const os = await import("node:os");
const report = {
  at: new Date().toISOString(),
  seconds: SECONDS,
  rounds: ROUNDS,
  threads: THREADS,
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
  results,
  webhooks: webhookResults,
  longPoll,
};
fs.writeFileSync(path.join(outDir, `bench-${stamp}.json`), JSON.stringify(report, null, 2));
fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(report, null, 2));

const lines = [
  `Node ${process.version}. Medians of ${ROUNDS} rounds of ${SECONDS} s; each ratio is against the floor run just before it (range over the rounds).`,
  "",
  "| engine | conns | scenario | req/s | p50 ms | p99 ms | server CPU µs/req | db CPU µs/req | × bare | × auth/me |",
  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const r of results) {
  const ratio = (value, [low, high], isFloor) =>
    `${value.toFixed(2)}${isFloor ? "" : ` (${low.toFixed(2)}–${high.toFixed(2)})`}`;
  const cpu = (value) => (value === null ? "–" : String(value));
  lines.push(
    `| ${r.engine} | ${r.connections} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50?.toFixed(2)} | ${r.p99?.toFixed(2)} | ${cpu(r.serverCpuUs)} | ${cpu(r.dbCpuUs)} | ${ratio(r.ratio, r.ratioRange, r.scenario === BARE)} | ${ratio(r.ratioAuth, r.ratioAuthRange, r.scenario === AUTH)}${r.non2xx ? ` (${r.non2xx} non-2xx)` : ""} |`,
  );
}
lines.push(
  "",
  `Webhook delivery: ${WEBHOOK_RATE} events/s offered for ${WEBHOOK_SECONDS} s, one new approval (and its event) each; latency from the commit's 202 to the receiver.`,
  "",
  "| engine | events | committed/s | delivered | duplicates | delivered/s | p50 ms | p99 ms | max ms |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
);
const ms = (value) => (value === null ? "–" : value.toFixed(0));
for (const w of webhookResults)
  lines.push(
    `| ${w.engine} | ${w.events} | ${w.committedPerSecond.toFixed(0)} | ${w.delivered} | ${w.duplicates} | ${w.deliveredPerSecond?.toFixed(0) ?? "–"} | ${ms(w.p50)} | ${ms(w.p99)} | ${ms(w.max)} |`,
  );
if (longPoll.length > 0) lines.push("", longPollTable(longPoll));
lines.push(
  "",
  `Load average at the end (1, 5, 15 min): ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(", ")}.`,
);
const table = lines.join("\n");
fs.writeFileSync(path.join(outDir, "latest.md"), table + "\n");
console.log(`\n${table}\n\nReport: bench-results/bench-${stamp}.json (and latest.json, latest.md)`);
