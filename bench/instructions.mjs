// npm run bench:instructions — not a test: instructions per request of the production server, counted by valgrind
// (callgrind), for the baseline route and each bench scenario. On a shared VM req/s and CPU time move by ±15 % from
// one run to the next; an instruction count does not depend on the neighbours, so it can judge a step of a few per
// cent that `npm run bench` cannot (docs/reliability.md, fourth round). It counts work, not cache misses or waits.
// Slow: the server runs ~60× slower under valgrind — about 10 minutes with the defaults.
// Env: INSTR_ENGINE (sqlite | postgres), INSTR_REQUESTS (500 per measurement), INSTR_WARMUP (3000), INSTR_REPEATS (2).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";

const ENGINE = process.env.INSTR_ENGINE ?? "sqlite";
const REQUESTS = Number(process.env.INSTR_REQUESTS ?? 500);
const WARMUP = Number(process.env.INSTR_WARMUP ?? 3000);
const REPEATS = Number(process.env.INSTR_REPEATS ?? 2);
const PORT = 3710;
const CONCURRENCY = 4;
const outDir = path.join(ROOT, "bench-results");
const dumpDir = path.join(outDir, "callgrind");

for (const tool of ["valgrind", "callgrind_control"]) {
  if (spawnSync(tool, ["--version"]).error) {
    console.error(`${tool} is not installed: apt-get install -y valgrind`);
    process.exit(1);
  }
}
if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
fs.rmSync(dumpDir, { recursive: true, force: true });
fs.mkdirSync(dumpDir, { recursive: true });

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function request(method, urlPath, token) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, method, path: urlPath, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Exactly `count` requests, CONCURRENCY at a time; `next(i)` gives the i-th [method, path]. Fails on any non-2xx. */
async function load(count, next, token) {
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      const [method, urlPath] = next(issued++);
      const res = await request(method, urlPath, token);
      if (res.status >= 300) throw new Error(`${method} ${urlPath} answered ${res.status}: ${res.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const callgrind = (pid, flag) => execFileSync("callgrind_control", [flag, String(pid)], { stdio: "ignore" });
/** Instructions counted since the last zeroing: dumps them and reads the dump's totals. */
function dumpTotal(pid) {
  const before = new Set(fs.readdirSync(dumpDir));
  callgrind(pid, "--dump");
  const dump = fs.readdirSync(dumpDir).find((name) => !before.has(name));
  if (!dump) throw new Error("callgrind wrote no dump");
  const text = fs.readFileSync(path.join(dumpDir, dump), "utf8");
  const total = text.match(/^(?:totals|summary):\s+(\d+)/m)?.[1];
  if (!total) throw new Error(`no totals in ${dump}`);
  return Number(total);
}

const databaseUrl = await freshDatabase(ENGINE, ENGINE === "postgres" ? "cosign_instr" : "instr", outDir);
const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: "bench-only-secret-0000000000000000" };
const token = seedWithCommand(databaseUrl, env).tokens.full;
const milestones = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/setup-data.ts", String(REQUESTS * REPEATS + WARMUP + 1)], {
  cwd: ROOT,
  env,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
})
  .trim()
  .split("\n");

console.log(`Starting the production server under callgrind (${ENGINE}); this takes a minute.`);
const server = spawn(
  "valgrind",
  // Node itself, not the `next` script: valgrind would follow its `#!/usr/bin/env node` into `env` and count that.
  // --smc-check: V8 writes and rewrites machine code on the heap.
  [
    "--tool=callgrind",
    "--smc-check=all-non-file",
    `--callgrind-out-file=${dumpDir}/cg.%p.out`,
    process.execPath,
    path.join(ROOT, "node_modules/next/dist/bin/next"),
    "start",
    "-p",
    String(PORT),
    "-H",
    "127.0.0.1",
  ],
  { cwd: ROOT, env, stdio: "ignore" },
);
const results = [];
try {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error("server exited");
    if (i > 600) throw new Error("server did not start in 5 minutes");
    const ok = await request("GET", "/api/health", token).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const replayMilestone = milestones.pop();
  const approvalId = JSON.parse((await request("POST", `/api/public/v1/milestones/${replayMilestone}/approve`, token)).body).approval.id;
  let fresh = 0;
  const scenarios = [
    ["baseline: GET /api/health", () => ["GET", "/api/health"]],
    ["POST …/approve (new approval)", () => ["POST", `/api/public/v1/milestones/${milestones[fresh++]}/approve`]],
    ["POST …/approve (replay, pending)", () => ["POST", `/api/public/v1/milestones/${replayMilestone}/approve`]],
    ["GET /approvals/{id}", () => ["GET", `/api/public/v1/approvals/${approvalId}`]],
    ["GET /updates?limit=50", () => ["GET", "/api/public/v1/updates?limit=50"]],
  ];
  // Warm-up, every scenario in turn: V8 keeps optimizing for thousands of requests (more slowly under valgrind).
  console.log(`Warm-up: ${WARMUP} requests`);
  await load(WARMUP, (i) => scenarios[i % scenarios.length][1](), token);

  const counts = new Map(scenarios.map(([name]) => [name, []]));
  for (let round = 0; round < REPEATS; round++) {
    for (const [name, next] of scenarios) {
      callgrind(server.pid, "--zero");
      await load(REQUESTS, () => next(), token);
      const perRequest = Math.round(dumpTotal(server.pid) / REQUESTS);
      counts.get(name).push(perRequest);
      console.log(`round ${round + 1}/${REPEATS}  ${name.padEnd(34)} ${(perRequest / 1e6).toFixed(2)} M instructions/request`);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const baseline = median(counts.get(scenarios[0][0]));
  for (const [name, values] of counts) results.push({ engine: ENGINE, scenario: name, instructions: median(values), runs: values, timesBaseline: median(values) / baseline });
} finally {
  agent.destroy();
  server.kill("SIGTERM");
}

const report = { at: new Date().toISOString(), engine: ENGINE, requestsPerMeasurement: REQUESTS, warmup: WARMUP, repeats: REPEATS, results };
fs.writeFileSync(path.join(outDir, `instructions-${ENGINE}.json`), JSON.stringify(report, null, 2));
const lines = [
  `Instructions per request (callgrind, all threads; median of ${REPEATS} measurements of ${REQUESTS} requests after ${WARMUP} warm-up requests).`,
  "",
  "| engine | scenario | M instructions/req | × baseline | baseline ÷ scenario |",
  "|---|---|---:|---:|---:|",
  ...results.map((r) => `| ${r.engine} | ${r.scenario} | ${(r.instructions / 1e6).toFixed(2)} | ${r.timesBaseline.toFixed(2)} | ${(1 / r.timesBaseline).toFixed(2)} |`),
];
fs.writeFileSync(path.join(outDir, `instructions-${ENGINE}.md`), lines.join("\n") + "\n");
console.log(`\n${lines.join("\n")}\n\nReport: bench-results/instructions-${ENGINE}.json (and .md)`);
