// The webhook scenario of npm run bench (issue 15): agents' requests at a steady rate (open loop: each sent on
// schedule, not after the previous answer), each POST …/approve on a fresh milestone committing a new approval and its
// payment.pending event in the server, as in production; the server's own delivery worker POSTs each event to a local
// receiver. Reported: events/s offered, committed and delivered, and the commit-to-delivery latency (p50, p99, max),
// from the 202's arrival (which follows the commit) to the receiver having the whole delivery.
import http from "node:http";
import { median } from "./measure.mjs";

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// The agents' requests go over a bounded pool of keep-alive sockets: a server slower than the offered rate queues
// them here (the latency is counted from each 202, so that wait is not in it) instead of being sent 2,000 connects.
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function postApprove(base, token, milestoneId) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/api/public/v1/milestones/${milestoneId}/approve`,
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-length": "0" } },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** fetch, once more if the server closed a kept-alive socket just as it was reused (it closes idle ones after 5 s). */
async function fetchOnceMore(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error?.cause?.code !== "UND_ERR_SOCKET") throw error;
    return fetch(url, init);
  }
}

/**
 * Commits `rate` events a second for `seconds`, then waits (up to 30 s) for the last deliveries.
 * `milestoneIds`: fresh funded milestones, one per event (rate × seconds of them). The server must run with
 * WEBHOOK_ALLOW_LOOPBACK=true (it is a production build).
 */
export async function benchWebhookDelivery({ base, token, milestoneIds, rate = 200, seconds = 10 }) {
  const committedAt = new Map();
  const earlyArrivals = new Map();
  const latencies = [];
  let lastDelivery = null;
  let duplicates = 0;
  const seen = new Set();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      const id = JSON.parse(Buffer.concat(chunks).toString("utf8")).data.approvalId;
      const delivery = request.headers["x-opentrain-delivery"];
      if (seen.has(delivery)) duplicates++;
      seen.add(delivery);
      const committed = committedAt.get(id);
      if (committed !== undefined) latencies.push(at - committed);
      else earlyArrivals.set(id, at);
      lastDelivery = at;
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${server.address().port}/hook`;
  const created = await fetchOnceMore(`${base}/api/public/v1/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ url: receiverUrl, eventTypes: ["payment.pending"] }),
  });
  if (created.status !== 201) throw new Error(`webhook creation: ${created.status} ${await created.text()}`);
  const webhookId = (await created.json()).webhook.id;

  const total = Math.min(rate * seconds, milestoneIds.length);
  const started = performance.now();
  const requests = [];
  let refused = 0;
  for (let n = 0; n < total; n++) {
    // A steady schedule: request n is due at n / rate seconds, whatever the answers before it are doing.
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    requests.push(
      postApprove(base, token, milestoneIds[n]).then((response) => {
        const answeredAt = performance.now();
        if (response.status !== 202) {
          refused++;
          return;
        }
        const approvalId = JSON.parse(response.body).approval.id;
        // The delivery may already have arrived (it is an upper bound on the commit moment either way).
        const early = earlyArrivals.get(approvalId);
        if (early !== undefined) latencies.push(Math.max(0, early - answeredAt));
        else committedAt.set(approvalId, answeredAt);
      }),
    );
  }
  await Promise.all(requests);
  agent.destroy();
  const producedIn = (performance.now() - started) / 1000;
  const committed = total - refused;
  const deadline = performance.now() + 30_000;
  while (latencies.length < committed && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await fetchOnceMore(`${base}/api/public/v1/webhooks/${webhookId}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
  server.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const span = lastDelivery !== null ? (lastDelivery - started) / 1000 : null;
  return {
    offeredRate: rate,
    events: committed,
    refused,
    committedPerSecond: committed / producedIn,
    delivered: latencies.length,
    duplicates,
    deliveredPerSecond: span ? latencies.length / span : null,
    p50: median(sorted),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
  };
}
