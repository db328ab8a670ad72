import fs from "node:fs";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, ENGINE } from "../support/databases";
import { freePort, prepareServerDatabase, TestServer, type DemoFixtures } from "../support/server";

// Oversized bodies against the production build: a 128 MiB chunked upload (no Content-Length, so nothing can be
// refused from the headers alone) to next-auth's credentials callback, to the agent API (with and without the proxy
// on its path) and to a server action (fetch-style with Next-Action, and a no-JavaScript multipart post). Each must
// answer 413 while the server's resident memory (VmRSS of the server process, sampled every 10 ms from /proc) grows
// by less than 32 MiB. docs/decisions/0006-body-limits.md says where the bytes are counted and why.
const UPLOAD_BYTES = 128 * 1024 * 1024;
const MAX_GROWTH_BYTES = 32 * 1024 * 1024;
const LIMIT_BYTES = 64 * 1024;

let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_limits_${process.pid}`));
  server = new TestServer(databaseUrl, await freePort());
  await server.start();
});

afterAll(async () => {
  await server?.kill();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`server process ${pid} has exited`);
  return Number(match[1]) * 1024;
}

type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  sentBytes: number;
  peakGrowth: number;
};

/**
 * Streams `total` bytes as a chunked body (respecting backpressure) until the server answers or the bytes run out,
 * while sampling the server's RSS. Resolves with the answer; the upload stops as soon as the answer arrives.
 */
function upload(
  path: string,
  headers: Record<string, string>,
  total: number,
  declaredLength?: number,
): Promise<Answer> {
  const pid = server.pid!;
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // the process is gone: the answer below will say so
    }
  }, 10);
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise<Answer>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${server.url}${path}`, {
      method: "POST",
      headers: {
        ...headers,
        ...(declaredLength === undefined
          ? { "transfer-encoding": "chunked" }
          : { "content-length": String(declaredLength) }),
      },
    });
    const finish = (result: Answer | Error) => {
      clearInterval(sampler);
      peak = Math.max(peak, rssBytes(pid));
      if (result instanceof Error) reject(result);
      else resolve({ ...result, peakGrowth: peak - before });
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        req.destroy();
        finish({ status: res.statusCode!, headers: res.headers, body, sentBytes: sent, peakGrowth: 0 });
      });
    });
    req.on("error", (error) => {
      // Once answered, the server may cut the rest of the upload off: that is the point.
      if (!answered) finish(new Error(`no answer after ${sent} bytes: ${error.message}`));
    });
    // As fast as the socket takes it (backpressure only): the server answers while the upload is still arriving, and
    // its lingering close (scripts/serve.mjs) must give even a fast writer the time to read that answer.
    const pump = () => {
      if (answered) return;
      if (sent >= total) return void req.end();
      sent += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once("drain", pump);
    };
    pump();
  });
}

async function warm(path: string, headers: Record<string, string>) {
  // Load the route's code first, so the measurement is of the body, not of a module being required.
  await upload(path, headers, 1024);
  await upload(path, headers, 1024);
}

describe(`body limits on ${ENGINE}`, () => {
  const origin = () => ({ origin: server.url });
  const bearer = () => ({ authorization: `Bearer ${fixtures.tokens.full}` });
  // proxied: a path proxy.ts matches. Next alone would answer those only after draining the whole upload; the front in
  // scripts/serve.mjs refuses them at once. Every case must be answered long before the upload is through.
  const cases: {
    label: string;
    path: () => string;
    headers: () => Record<string, string>;
    api: boolean;
    proxied?: boolean;
  }[] = [
    {
      label: "next-auth credentials callback",
      path: () => "/api/auth/callback/credentials",
      headers: () => ({ "content-type": "application/x-www-form-urlencoded" }),
      api: false,
    },
    {
      label: "agent API",
      path: () => `/api/public/v1/contracts/${fixtures.contracts.active}/milestones`,
      headers: () => ({ ...bearer(), "content-type": "application/json" }),
      api: true,
    },
    // A percent-escape in the path sends the request through the proxy (proxy.ts's matcher).
    {
      label: "agent API through the proxy",
      path: () => `/api/public/v1/contracts/${fixtures.contracts.active.replace("_", "%5F")}/milestones`,
      headers: () => ({ ...bearer(), "content-type": "application/json" }),
      api: true,
      proxied: true,
    },
    {
      label: "server action (Next-Action header)",
      path: () => "/sign-in",
      headers: () => ({ ...origin(), "next-action": "7f".repeat(21), "content-type": "text/plain;charset=UTF-8" }),
      api: false,
      proxied: true,
    },
    {
      label: "server action (no-JavaScript multipart form)",
      path: () => "/sign-in",
      headers: () => ({ ...origin(), "content-type": "multipart/form-data; boundary=----x" }),
      api: false,
      proxied: true,
    },
  ];

  for (const c of cases) {
    it(`${c.label}: 128 MiB chunked → 413, memory grows < 32 MiB`, { timeout: 120_000 }, async () => {
      await warm(c.path(), c.headers());
      const answer = await upload(c.path(), c.headers(), UPLOAD_BYTES);
      console.log(
        `${ENGINE} ${c.label}: ${answer.status} after ${(answer.sentBytes / 2 ** 20).toFixed(1)} MiB sent, RSS peak +${(answer.peakGrowth / 2 ** 20).toFixed(1)} MiB`,
      );
      expect(answer.status).toBe(413);
      expect(answer.sentBytes).toBeLessThan(UPLOAD_BYTES / 2);
      if (c.api) {
        const body = JSON.parse(answer.body);
        expect(body).toEqual({
          error: "The request body is too large.",
          code: "PAYLOAD_TOO_LARGE",
          requestId: answer.headers["x-request-id"],
          details: { limitBytes: LIMIT_BYTES },
        });
      }
      expect(answer.peakGrowth).toBeLessThan(MAX_GROWTH_BYTES);
    });

    it(
      `${c.label}: a declared Content-Length over the limit → 413 before the body is read`,
      { timeout: 120_000 },
      async () => {
        const answer = await upload(c.path(), c.headers(), UPLOAD_BYTES, UPLOAD_BYTES);
        expect(answer.status).toBe(413);
        expect(answer.peakGrowth).toBeLessThan(MAX_GROWTH_BYTES);
        expect(answer.sentBytes).toBeLessThan(UPLOAD_BYTES / 2);
      },
    );
  }

  // The front's lingering close is bounded by time, not bytes. A client whose process stalls while its upload is
  // still going (its socket here reads nothing until it chooses) must find the 413 when it reads; a byte bound (it
  // was 16 MiB) cut the connection first, and the reset made the kernel drop the unread answer. And a client that
  // never stops writing is still cut, when the linger (5 s) is over.
  it("a client that reads only after 20 MiB still finds its 413; one that never stops writing is cut within seconds", async () => {
    const path = `/api/public/v1/contracts/${fixtures.contracts.active.replace("_", "%5F")}/milestones`;
    // allowHalfOpen: the server's FIN does not end this side; it goes on writing until the server cuts it.
    const socket = net.connect({ port: server.port, host: "127.0.0.1", allowHalfOpen: true });
    socket.pause(); // before the connection is up: the socket reads nothing from the kernel until resume()
    let closedAt = 0;
    socket.on("error", () => {}); // the server's cut, after the linger: expected
    const closed = new Promise<void>((resolve) =>
      socket.once("close", () => resolve(void (closedAt = performance.now()))),
    );
    await once(socket, "connect");
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${fixtures.tokens.full}\r\n` +
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    const chunk = Buffer.concat([Buffer.from("10000\r\n"), Buffer.alloc(0x10000, "a"), Buffer.from("\r\n")]);
    const writeUntil = async (stop: () => boolean) => {
      while (!socket.destroyed && !stop()) {
        if (!socket.write(chunk)) await Promise.race([new Promise((drained) => socket.once("drain", drained)), closed]);
      }
    };
    let written = 0;
    const writingFrom = performance.now();
    await writeUntil(() => (written += 0x10000) > 20 * 2 ** 20);
    expect(socket.destroyed).toBe(false);

    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (text: string) => (received += text));
    socket.resume();
    const readingFrom = performance.now();
    await writeUntil(() => performance.now() - readingFrom > 10_000);
    const cutByServer = socket.destroyed;
    socket.destroy();
    await closed;
    const [head, body] = received.split("\r\n\r\n");
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large");
    expect(head).toMatch(/\r\nConnection: close(\r\n|$)/);
    expect(JSON.parse(body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { limitBytes: LIMIT_BYTES } });
    console.log(
      `wrote ${written >> 20} MiB unread in ${(readingFrom - writingFrom).toFixed(0)} ms; cut ${(closedAt - readingFrom).toFixed(0)} ms after reading began`,
    );
    expect(cutByServer).toBe(true);
    expect(closedAt - readingFrom).toBeLessThan(8_000);
  });

  it("a body just under the limit still reaches the handler (the limit is not off by one the wrong way)", async () => {
    const description = "x".repeat(LIMIT_BYTES - 200);
    const res = await fetch(`${server.url}/api/public/v1/contracts/${fixtures.contracts.active}/milestones`, {
      method: "POST",
      headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify({ description, amountUsd: 1 }),
    });
    // The schema caps description at 5000 characters: a 400 naming the field proves the body was read and parsed.
    expect(res.status).toBe(400);
    expect((await res.json()).details).toEqual({ field: "description" });
  });
});
