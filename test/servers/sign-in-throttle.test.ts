import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dropDatabase } from "../support/databases";
import { freePort, hiddenFields, prepareServerDatabase, TestServer, type DemoFixtures } from "../support/server";

// Sign-in throttling over real HTTP against the production build (`next start`), on the engine TEST_DB names.
// Clients are told apart by their real socket address: every 127.0.0.0/8 address reaches the loopback server, so
// each "client" below binds a different local address, and the server sees what it would see from the internet.
let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_throttle_${process.pid}`));
  server = new TestServer(databaseUrl, await freePort());
  await server.start();
});

afterAll(async () => {
  await server?.stop();
  await dropDatabase(databaseUrl);
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(
  path: string,
  options: { from: string; method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** One browser-less client at one local address: next-auth's CSRF pair once, then credential posts. */
async function client(from: string) {
  const csrf = await send("/api/auth/csrf", { from });
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body);
  return async function attempt(email: string, password: string, extraHeaders: Record<string, string> = {}) {
    const started = performance.now();
    const res = await send("/api/auth/callback/credentials", {
      from,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...extraHeaders },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/approvals" }).toString(),
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(302);
    // next-auth answers with a path (lib/auth/auth.ts redirect callback): resolve it against the server.
    const location = new URL(String(res.headers.location), server.url);
    const isSignedIn =
      location.pathname === "/approvals" && (res.headers["set-cookie"] ?? []).some((c) => c.includes("session-token="));
    // A refused sign-in comes back to the sign-in page with next-auth's error code: "credentials" or ours, "throttled".
    const outcome = isSignedIn ? "signed_in" : String(location.searchParams.get("code"));
    return { outcome, ms };
  };
}

it("30 wrong passwords from one client meet the throttle after 5; then even the right password waits", async () => {
  const victim = fixtures.humans[1];
  const attacker = await client("127.0.0.2");
  const outcomes: string[] = [];
  for (let i = 0; i < 30; i++) outcomes.push((await attacker(victim.email, `wrong-${i}`)).outcome);
  expect(outcomes).toEqual([...Array(5).fill("credentials"), ...Array(25).fill("throttled")]);
  expect((await attacker(victim.email, victim.password)).outcome).toBe("throttled");
  // The block is the account's, wherever the next attempt comes from, until it ends (1 minute, on the server's clock).
  const owner = await client("127.0.0.3");
  expect((await owner(victim.email, victim.password)).outcome).toBe("throttled");
});

it("30 wrong passwords at once from one client: 5 are checked, 25 throttled; meanwhile another human signs in promptly", async () => {
  const human = fixtures.humans[0];
  const bystander = await client("127.0.0.5");
  // The same sign-in on a quiet server, for comparison (the first one also warms the route).
  await bystander(human.email, human.password);
  const quiet = (await bystander(human.email, human.password)).ms;
  const victim = fixtures.humans[2];
  const attacker = await client("127.0.0.4");
  const flood = Promise.all(Array.from({ length: 30 }, (_, i) => attacker(victim.email, `guess-${i}`)));
  // Meanwhile, while the 30 are in flight: another human at another address.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const during = await bystander(human.email, human.password);
  const outcomes = (await flood).map((r) => r.outcome);
  console.log(
    `sign-in latency: quiet ${quiet.toFixed(0)} ms, during 30 concurrent wrong passwords ${during.ms.toFixed(0)} ms; outcomes ${JSON.stringify(count(outcomes))}`,
  );
  expect(count(outcomes)).toEqual({ credentials: 5, throttled: 25 });
  expect(during.outcome).toBe("signed_in");
  expect(during.ms).toBeLessThan(2000);
});

it("a flood spraying 40 accounts with forged X-Forwarded-For gets exactly the address limit's 20 password checks", async () => {
  const human = fixtures.humans[0];
  const bystander = await client("127.0.0.7");
  const attacker = await client("127.0.0.6");
  const FLOOD = 200;
  const CONCURRENCY = 10;
  const outcomes: string[] = [];
  let sent = 0;
  const floodStarted = performance.now();
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (sent < FLOOD) {
      const i = sent++;
      // A client can write any address into these; with no trusted proxy (TRUST_PROXY unset) they count for nothing.
      const forged = { "x-forwarded-for": `203.0.113.${i % 250}`, "x-cosign-peer-address": `198.51.100.${i % 250}` };
      outcomes.push((await attacker(`target${i % 40}@example.test`, `guess-${i}`, forged)).outcome);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during = await bystander(human.email, human.password);
  await Promise.all(workers);
  console.log(
    `flood of ${FLOOD} (${CONCURRENCY} at a time) took ${(performance.now() - floodStarted).toFixed(0)} ms; a sign-in during it ${during.ms.toFixed(0)} ms; outcomes ${JSON.stringify(count(outcomes))}`,
  );
  expect(count(outcomes)).toEqual({ credentials: 20, throttled: FLOOD - 20 });
  expect(during.outcome).toBe("signed_in");
});

function count(values: string[]) {
  return values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}

/** The sign-up form as a browser without JavaScript posts it, from one local address: its hidden action fields too. */
async function signUpFrom(from: string, email: string) {
  const html = (await send("/sign-up", { from })).body;
  const hidden = [...html.matchAll(/<form[^>]*>((?:<input[^>]*>)+)/g)]
    .map((m) => m[1])
    .find((inputs) => inputs.includes("$ACTION"));
  expect(hidden).toBeDefined();
  const form = new FormData();
  for (const [name, value] of hiddenFields(hidden!)) form.append(name, value);
  form.append("name", "Sign-up Flood");
  form.append("email", email);
  form.append("password", "correct horse battery staple");
  const encoded = new Response(form);
  const res = await send("/sign-up", {
    from,
    method: "POST",
    headers: { origin: server.url, "content-type": encoded.headers.get("content-type")! },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  // Signed up (and in): a redirect on; refused: the page again, saying why.
  if (res.status === 303) return "signed_up";
  expect(res.status).toBe(200);
  return /Too many sign-ups from your network\. Try again in \d+ minutes?\./.test(res.body) ? "throttled" : res.body;
}

it("sign-up: 10 an hour from one address, then the form says to wait and nobody is created; another address is fine", async () => {
  const run = Date.now();
  const outcomes: string[] = [];
  for (let i = 0; i < 12; i++) outcomes.push(await signUpFrom("127.0.0.20", `flood-${run}-${i}@example.com`));
  expect(outcomes).toEqual([...Array(10).fill("signed_up"), "throttled", "throttled"]);
  // The refused ones were never created: their password signs nobody in; the tenth's does.
  const signIn = await client("127.0.0.22");
  expect((await signIn(`flood-${run}-10@example.com`, "correct horse battery staple")).outcome).toBe("credentials");
  expect((await signIn(`flood-${run}-9@example.com`, "correct horse battery staple")).outcome).toBe("signed_in");
  expect(await signUpFrom("127.0.0.21", `other-${run}@example.com`)).toBe("signed_up");
});
