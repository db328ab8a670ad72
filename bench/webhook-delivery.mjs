// The webhook scenario of npm run bench (issue 15): events committed at a steady rate straight into the event table
// (the outbox), as the services commit them; the running server's delivery worker POSTs each to a local receiver.
// Reported: events/s delivered over the run and the commit-to-delivery latency (p50, p99, max), from the moment the
// event's transaction committed to the moment the receiver had the whole request.
import Database from "better-sqlite3";
import http from "node:http";
import pg from "pg";
import { median } from "./measure.mjs";

/** The same advisory lock lib/db/events.ts takes before an event insert, so ids become visible in order. */
const EVENT_ORDER_LOCK = 7_230_011;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function eventWriter(engine, databaseUrl) {
  const createdAt = () => new Date();
  if (engine === "postgres") {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return {
      async insert(n) {
        await client.query("BEGIN");
        await client.query(`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`);
        const { rows } = await client.query(
          `INSERT INTO "Event" ("accountId", "type", "resourceId", "jobId", "data", "createdAt")
           VALUES ('org_acme', 'payment.pending', $1, NULL, $2, $3::timestamp(3)) RETURNING "id"`,
          [`bench_${n}`, JSON.stringify({ bench: n }), createdAt().toISOString()],
        );
        await client.query("COMMIT");
        return String(rows[0].id);
      },
      close: () => client.end(),
    };
  }
  const file = databaseUrl.replace(/^file:/, "");
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  const statement = sqlite.prepare(
    `INSERT INTO "Event" ("accountId", "type", "resourceId", "jobId", "data", "createdAt") VALUES ('org_acme', 'payment.pending', ?, NULL, ?, ?)`,
  );
  return {
    async insert(n) {
      const info = statement.run(
        `bench_${n}`,
        JSON.stringify({ bench: n }),
        createdAt().toISOString().replace("Z", "+00:00"),
      );
      return String(info.lastInsertRowid);
    },
    close: async () => sqlite.close(),
  };
}

/**
 * Commits `rate` events a second for `seconds`, then waits (up to 30 s) for the last deliveries.
 * The server must run with WEBHOOK_ALLOW_LOOPBACK=true (it is a production build).
 */
export async function benchWebhookDelivery({ base, token, engine, databaseUrl, rate = 200, seconds = 10 }) {
  const committedAt = new Map();
  const latencies = [];
  let firstDelivery = null;
  let lastDelivery = null;
  let duplicates = 0;
  const seen = new Set();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      const id = JSON.parse(Buffer.concat(chunks).toString("utf8")).id;
      const delivery = request.headers["x-opentrain-delivery"];
      if (seen.has(delivery)) duplicates++;
      seen.add(delivery);
      const committed = committedAt.get(id);
      if (committed !== undefined) {
        latencies.push(at - committed);
        firstDelivery ??= at;
        lastDelivery = at;
      }
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${server.address().port}/hook`;
  const created = await fetch(`${base}/api/public/v1/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ url: receiverUrl, eventTypes: ["payment.pending"] }),
  });
  if (created.status !== 201) throw new Error(`webhook creation: ${created.status} ${await created.text()}`);
  const webhookId = (await created.json()).webhook.id;

  const writer = await eventWriter(engine, databaseUrl);
  const total = rate * seconds;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    // A steady schedule: event n is due at n / rate seconds; a slow insert is caught up, not skipped.
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = await writer.insert(n);
    committedAt.set(id, performance.now());
  }
  const producedIn = (performance.now() - started) / 1000;
  const deadline = performance.now() + 30_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await writer.close();
  await fetch(`${base}/api/public/v1/webhooks/${webhookId}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  server.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const span = lastDelivery !== null && firstDelivery !== null ? (lastDelivery - started) / 1000 : null;
  return {
    offeredRate: rate,
    events: total,
    producedPerSecond: total / producedIn,
    delivered: latencies.length,
    duplicates,
    deliveredPerSecond: span ? latencies.length / span : null,
    p50: median(sorted),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
  };
}
