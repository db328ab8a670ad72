// What both benches measure with: wrk runs and the CPU a server process spends on them. Linux /proc for CPU.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

export function assertWrkInstalled() {
  if (spawnSync("wrk", ["--version"]).error) {
    console.error("wrk is not installed: apt-get install -y wrk");
    process.exit(1);
  }
}

export function median(values) {
  const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

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
export function listenerPid(port) {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout ?? "";
  const pid = out.match(/pid=(\d+)/)?.[1];
  return pid ? Number(pid) : null;
}

/**
 * One wrk run against `url`, with the Lua `script` (env for it in `env`); CPU per request of `serverPid` and, when
 * `postgres`, of every PostgreSQL backend.
 */
export function wrk(url, { connections, seconds, threads = 1, script, env = {}, serverPid = null, postgres = false }) {
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
    ...(script ? ["-s", script] : []),
    url,
  ];
  const server0 = serverPid ? processTicks(serverPid) : null;
  const db0 = postgres ? postgresTicks() : null;
  const res = spawnSync("wrk", args, { encoding: "utf8", env: { ...process.env, THREADS: String(threads), ...env } });
  const server1 = serverPid ? processTicks(serverPid) : null;
  const db1 = postgres ? postgresTicks() : null;
  const result = parseWrk(res.stdout);
  const perRequest = (t0, t1) =>
    t0 !== null && t1 !== null && result.requests
      ? Math.round(((t1 - t0) * 1e6) / CLOCK_TICKS / result.requests)
      : null;
  return { ...result, serverCpuUs: perRequest(server0, server1), dbCpuUs: perRequest(db0, db1) };
}

/** Waits until the server at `base` answers /api/health; throws if `child` exits first. */
export async function waitForServer(child, base) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}
