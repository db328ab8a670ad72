// Long-poll scenarios of `npm run bench` (run.mjs runs this after its table; alone: `node bench/long-poll.mjs`) — not
// a test. Per engine: LONGPOLL_WAITERS (1000) concurrent GET /updates?wait=30 held on one production server, idle
// for LONGPOLL_IDLE_SECONDS (5): the server's memory per held poll (for WAITERS more, held on top of WAITERS already
// held, ÷ WAITERS: its RSS growth, and in one extra round its live memory after full collections) and its CPU
// while idle; then one human's confirmation on the co-sign page: the time from the commit to each waiter's answer (the
// commit is taken as the approval's resolvedAt, stamped inside the confirming transaction — so each figure also
// holds the commit's own time). On PostgreSQL once more with two server processes on one database, half of the
// waiters on each and the confirmation on the first: the second process's waiters are woken by pg_notify through
// its LISTEN connection. LONGPOLL_ROUNDS (3) confirmations per setup; the figures are medians over rounds.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT } from "../scripts/prisma-lib.mjs";
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";
import { listenerPid, median, waitForServer } from "./measure.mjs";

const WAITERS = Number(process.env.LONGPOLL_WAITERS ?? 1000);
const ROUNDS = Number(process.env.LONGPOLL_ROUNDS ?? 3);
const IDLE_SECONDS = Number(process.env.LONGPOLL_IDLE_SECONDS ?? 5);
// The ports right after the bench's own (its server is stopped by the time these start).
const PORT = Number(process.env.BENCH_PORT ?? 3700) + 1;
const CLOCK_TICKS = 100;

// A connection per request: a kept-alive socket the server closes after its 5 s keep-alive timeout resets the next
// request sent on it.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** One HTTP request; resolves with status, headers, body text and the moment its body ended (ms, Date.now()). */
function request(base, pathAndQuery, { method = "GET", headers = {}, body, onRequest } = {}) {
  const url = new URL(pathAndQuery, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text, at: Date.now() }));
        // Hung up before the end (the extra polls): settles the promise; after an end this does nothing.
        res.on("close", () => reject(new Error("closed before the end")));
      },
    );
    req.on("error", reject);
    onRequest?.(req);
    req.end(body);
  });
}

const apiCall = (base, token, pathAndQuery, method = "GET", body) =>
  request(base, `/api/public/v1${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((res) => ({ ...res, json: JSON.parse(res.text) }));

/** A human's session cookie, through next-auth's credentials endpoint (as test/support/server.ts does). */
async function signIn(base, email, password) {
  const jar = new Map();
  const absorb = (res) => {
    for (const cookie of [res.headers["set-cookie"] ?? []].flat()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await request(base, "/api/auth/csrf");
  absorb(csrf);
  const { csrfToken } = JSON.parse(csrf.text);
  const res = await request(base, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/approvals" }).toString(),
  });
  absorb(res);
  return cookie();
}

/** The approval page's Confirm form as a browser without JavaScript posts it (multipart, same origin). */
async function confirmOnPage(base, cookie, approvalId) {
  const html = (await request(base, `/approvals/${approvalId}`, { headers: { cookie } })).text;
  const inputs = [...html.matchAll(/<form[^>]*>((?:<input[^>]*>)+)/g)]
    .map((m) => m[1])
    .filter((i) => i.includes("$ACTION_REF"))[0];
  const form = new FormData();
  for (const m of inputs.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g))
    form.append(m[1], (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return request(base, `/approvals/${approvalId}`, {
    method: "POST",
    headers: { cookie, origin: base, "content-type": encoded.headers.get("content-type") },
    body,
  });
}

const rssKb = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);
const cpuTicks = (pid) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/**
 * The server's live memory after a full collection, in KB (V8 heap in use + memory outside it: buffers, native
 * objects): what held polls really keep. RSS alone cannot say — it moves in heap-sized steps, by whatever garbage
 * is not yet collected. Asked through the inspector the server was started with (Chrome DevTools Protocol).
 */
async function liveKb(server) {
  const [{ webSocketDebuggerUrl }] = await (await fetch(`http://127.0.0.1:${server.inspectPort}/json/list`)).json();
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const answers = new Map();
  socket.onmessage = (message) => {
    const answer = JSON.parse(message.data);
    answers.get(answer.id)?.(answer);
  };
  let nextId = 0;
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      answers.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    const answer = await call("Runtime.evaluate", {
      expression: "JSON.stringify(process.memoryUsage())",
      returnByValue: true,
    });
    const usage = JSON.parse(answer.result.result.value);
    return (usage.heapUsed + usage.external) / 1024;
  } finally {
    socket.close();
  }
}

async function startServer(env, port) {
  // The inspector listens on loopback only, for liveKb; nothing attaches until then.
  const inspectPort = port + 100;
  const serve = [`--inspect=127.0.0.1:${inspectPort}`, path.join(ROOT, "scripts/serve.mjs")];
  const child = spawn(process.execPath, [...serve, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    // LONGPOLL_SERVER_LOG=<file>: the servers' stderr, appended there.
    stdio: [
      "ignore",
      "ignore",
      process.env.LONGPOLL_SERVER_LOG ? fs.openSync(process.env.LONGPOLL_SERVER_LOG, "a") : "ignore",
    ],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(child, base);
  return { child, base, pid: listenerPid(port), inspectPort };
}

async function latestCursor(base, token) {
  let cursor = "";
  for (;;) {
    const page = (await apiCall(base, token, `/updates?limit=100${cursor ? `&cursor=${cursor}` : ""}`)).json;
    cursor = page.nextCursor ?? cursor;
    if (!page.hasMore) return cursor;
  }
}

/** One round: WAITERS polls spread over `servers`, idle, then a confirmation on servers[0]. */
async function round(servers, fixtures, cookie, { live = false } = {}) {
  const token = fixtures.tokens.full;
  const [first] = servers;
  const created = await apiCall(first.base, token, `/contracts/${fixtures.contracts.active}/milestones`, "POST", {
    description: "bench long poll",
    amountUsd: 5,
  });
  const fund = await apiCall(first.base, token, `/milestones/${created.json.milestone.id}/fund`, "POST");
  const approvalId = fund.json.approval.id;
  const cursor = await latestCursor(first.base, token);
  await sleep(500);
  // Waits until the servers have taken in what was sent: a second with (almost) no server CPU, at most 8 s (on a
  // loaded machine a thousand requests take seconds; the polls' 30 s must not run out before the confirmation).
  const settled = async () => {
    await sleep(500);
    for (let i = 0; i < 8; i++) {
      const before = servers.map((s) => cpuTicks(s.pid));
      await sleep(1000);
      if (servers.every((s, j) => cpuTicks(s.pid) - before[j] <= 2)) return;
    }
  };
  // Connected 100 at a time, as a thousand agents would arrive: a thousand SYNs in the same millisecond overflow
  // the listen backlog (511), and the kernel resets some of them (SYN cookies) before the server ever sees them.
  const hold = async (limit, onRequest) => {
    const all = [];
    for (let i = 0; i < WAITERS; i++) {
      const server = servers[i % servers.length];
      all.push(
        request(server.base, `/api/public/v1/updates?wait=30&limit=${limit}&cursor=${cursor}`, {
          headers: { authorization: `Bearer ${token}` },
          onRequest,
        }).then((res) => ({ ...res, server })),
      );
      if (i % 100 === 99) await sleep(50);
    }
    return all;
  };
  // Memory per held poll, at the margin: a first WAITERS polls held (every code path warm), then the measured
  // WAITERS on top of them — nothing freed earlier can be reused for these. Then the first ones hang up (the server
  // releases them at once).
  const rssBefore = servers.map((s) => rssKb(s.pid));
  const first1 = [];
  const firstDone = (await hold(49, (req) => first1.push(req))).map((p) => p.catch(() => null));
  await settled();
  const rssHeld = servers.map((s) => rssKb(s.pid));
  // Only in the memory round: a forced full collection just before the confirmation would spare the latency
  // rounds the collections a real server pays for as it goes.
  const liveHeld = live ? await Promise.all(servers.map(liveKb)) : [];
  const polls = await hold(50);
  await settled();
  const rssDouble = servers.map((s) => rssKb(s.pid));
  const liveDouble = live ? await Promise.all(servers.map(liveKb)) : [];
  for (const req of first1) req.destroy();
  await Promise.all(firstDone);
  await settled();
  // In the memory round, the polls just released are collected first: V8's collector threads count in the
  // process's CPU, and their work on that garbage (seen: 24–46 ms/s, also with BACKGROUND_WORK=off) is not what
  // the held polls cost while idle.
  if (live) await Promise.all(servers.map(liveKb));
  const cpu0 = servers.map((s) => cpuTicks(s.pid));
  const idleStart = Date.now();
  await sleep(IDLE_SECONDS * 1000);
  const idleMs = Date.now() - idleStart;
  const cpu1 = servers.map((s) => cpuTicks(s.pid));
  const wakeCpu0 = servers.map((s) => cpuTicks(s.pid));
  await confirmOnPage(first.base, cookie, approvalId);
  const answers = await Promise.all(polls);
  const wakeCpu1 = servers.map((s) => cpuTicks(s.pid));
  const resolvedAt = Date.parse(
    (await apiCall(first.base, token, `/approvals/${approvalId}`)).json.approval.resolvedAt,
  );
  const wrong = answers.filter((a) => a.status !== 200 || JSON.parse(a.text).events.length !== 2).length;
  const latencies = answers.map((a) => a.at - resolvedAt);
  const remote = servers.length > 1 ? answers.filter((a) => a.server !== first).map((a) => a.at - resolvedAt) : [];
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    remoteP99: remote.length ? percentile(remote, 99) : null,
    wrong,
    kbPerWaiter: servers.reduce((sum, s, i) => sum + (rssDouble[i] - rssHeld[i]), 0) / WAITERS,
    liveKbPerWaiter: live ? servers.reduce((sum, s, i) => sum + (liveDouble[i] - liveHeld[i]), 0) / WAITERS : null,
    kbPerWaiterFirst: servers.reduce((sum, s, i) => sum + (rssHeld[i] - rssBefore[i]), 0) / WAITERS,
    idleCpuMsPerSecond: servers.map((s, i) => (((cpu1[i] - cpu0[i]) * 1000) / CLOCK_TICKS / idleMs) * 1000),
    // The servers' CPU from the confirmation's request to the last answer (the confirm page's own work included):
    // on an idle core this bounds the latency, whatever the neighbours do to the wall clock.
    wakeCpuMs: servers.reduce((sum, s, i) => sum + ((wakeCpu1[i] - wakeCpu0[i]) * 1000) / CLOCK_TICKS, 0),
  };
}

export async function benchLongPoll(engines, outDir) {
  const results = [];
  for (const engine of engines) {
    const setups = engine === "postgres" ? [1, 2] : [1];
    // LONGPOLL_PROCESSES=2: only the two-process setup (PostgreSQL).
    for (const processes of setups.filter(
      (n) => !process.env.LONGPOLL_PROCESSES || String(n) === process.env.LONGPOLL_PROCESSES,
    )) {
      const databaseUrl = await freshDatabase(
        engine,
        engine === "postgres" ? `cosign_bench_longpoll_${PORT}` : "bench-longpoll",
        outDir,
      );
      const env = {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        AUTH_SECRET: "bench-only-secret-0000000000000000",
        RATE_LIMIT_TOKEN_PER_SECOND: "1000000",
        LONG_POLL_MAX_WAITS_PER_TOKEN: String(2 * WAITERS),
      };
      const fixtures = seedWithCommand(databaseUrl, env);
      const servers = [];
      try {
        for (let i = 0; i < processes; i++) servers.push(await startServer(env, PORT + i));
        const cookie = await signIn(servers[0].base, fixtures.humans[0].email, fixtures.humans[0].password);
        // Warm-up: the routes compiled and their caches filled, one short poll each.
        for (const s of servers) await apiCall(s.base, fixtures.tokens.full, "/updates?wait=1&cursor=999999");
        const rounds = [];
        for (let r = 0; r < ROUNDS; r++) {
          const result = await round(servers, fixtures, cookie);
          console.log(
            `long poll ${engine} ×${processes} process(es) round ${r + 1}/${ROUNDS}: commit → answer p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms${result.remoteP99 !== null ? `, other process p99 ${result.remoteP99} ms` : ""}; server CPU confirm → last answer ${result.wakeCpuMs} ms; ${result.kbPerWaiter.toFixed(1)} KB RSS per held poll; idle CPU ${result.idleCpuMsPerSecond.map((v) => v.toFixed(1)).join(" + ")} ms/s${result.wrong ? `; ${result.wrong} wrong answers` : ""}`,
          );
          rounds.push(result);
        }
        // One more round for the memory per held poll, as live memory after full collections (not counted above).
        const memory = await round(servers, fixtures, cookie, { live: true });
        console.log(
          `long poll ${engine} ×${processes} process(es) memory round: ${memory.liveKbPerWaiter.toFixed(1)} KB live per held poll (after full collections); idle CPU after a collection ${memory.idleCpuMsPerSecond.map((v) => v.toFixed(1)).join(" + ")} ms/s`,
        );
        results.push({
          engine,
          processes,
          waiters: WAITERS,
          p50: median(rounds.map((r) => r.p50)),
          p99: median(rounds.map((r) => r.p99)),
          max: median(rounds.map((r) => r.max)),
          remoteP99: median(rounds.map((r) => r.remoteP99)),
          kbPerWaiter: median(rounds.map((r) => r.kbPerWaiter)),
          liveKbPerWaiter: memory.liveKbPerWaiter,
          idleCpuAfterGcMsPerSecond: Math.max(...memory.idleCpuMsPerSecond),
          wakeCpuMs: median(rounds.map((r) => r.wakeCpuMs)),
          idleCpuMsPerSecond: median(rounds.flatMap((r) => r.idleCpuMsPerSecond)),
          wrong: rounds.reduce((sum, r) => sum + r.wrong, 0),
          rounds,
        });
      } finally {
        // Gone before the next setup listens on the same port (a stopping server may take seconds under load).
        await Promise.all(
          servers.map(
            (s) =>
              new Promise((resolve) => {
                if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
                s.child.once("exit", resolve);
                s.child.kill("SIGTERM");
              }),
          ),
        );
      }
    }
  }
  return results;
}

export function longPollTable(results) {
  const lines = [
    `${WAITERS} held GET /updates?wait=30, then one confirmation; medians of ${ROUNDS} rounds. Latency: from the commit (the approval's resolvedAt) to each waiter's answer.`,
    "",
    "| engine | processes | p50 ms | p99 ms | max ms | other process p99 ms | server CPU confirm → last answer ms | KB live per held poll (after GC) | KB RSS per held poll | idle CPU ms/s per process | idle CPU ms/s after a collection (busiest process) | wrong answers |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results)
    lines.push(
      `| ${r.engine} | ${r.processes} | ${r.p50} | ${r.p99} | ${r.max} | ${r.remoteP99 ?? "–"} | ${r.wakeCpuMs} | ${r.liveKbPerWaiter.toFixed(1)} | ${r.kbPerWaiter.toFixed(1)} | ${r.idleCpuMsPerSecond.toFixed(1)} | ${r.idleCpuAfterGcMsPerSecond.toFixed(1)} | ${r.wrong} |`,
    );
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = path.join(ROOT, "bench-results");
  fs.mkdirSync(outDir, { recursive: true });
  const results = await benchLongPoll((process.env.BENCH_ENGINES ?? "sqlite,postgres").split(","), outDir);
  const table = longPollTable(results);
  fs.writeFileSync(path.join(outDir, "longpoll-latest.json"), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(outDir, "longpoll-latest.md"), table + "\n");
  console.log(`\n${table}`);
  agent.destroy();
}
