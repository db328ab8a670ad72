// Starts the production build (scripts/serve.mjs, what `npm start` runs) as a child process on a database of its own, for the suites that must
// talk to a real server: fuzz (real HTTP), crash (SIGKILL mid-confirmation). Needs `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createEmptyDatabase, seedWithCommand } from "./databases";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type DemoFixtures = import("@/lib/demo/seed-demo").DemoFixtures;

export async function prepareServerDatabase(name: string) {
  const databaseUrl = await createEmptyDatabase(name);
  const fixtures: DemoFixtures = seedWithCommand(databaseUrl);
  return { databaseUrl, fixtures };
}

/** A port the OS says is free right now (a fixed or pid-derived one can collide with another run's server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export class TestServer {
  readonly url: string;
  readonly clockFile = path.join(os.tmpdir(), `cosign-clock-${process.pid}-${Math.random().toString(36).slice(2)}`);
  private child: ChildProcess | undefined;
  /** The end of the server's stderr, quoted when it exits on its own: otherwise a failed start says nothing. */
  private stderrTail = "";

  constructor(
    readonly databaseUrl: string,
    readonly port: number,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")))
      throw new Error("No production build: run `npm run build` first.");
    this.child = spawn(
      process.execPath,
      [path.join(ROOT, "scripts/serve.mjs"), "-p", String(this.port), "-H", "127.0.0.1"],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: this.databaseUrl,
          AUTH_SECRET: "test-only-secret-not-for-production-0000",
          TEST_CLOCK_FILE: this.clockFile,
          NEXT_TELEMETRY_DISABLED: "1",
          ...this.extraEnv,
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    this.stderrTail = "";
    this.child.stderr?.on("data", (chunk: Buffer) => {
      if (process.env.SERVER_LOGS) process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!this.isRunning()) {
        throw new Error(
          `server on port ${this.port} exited (${this.child.exitCode ?? this.child.signalCode}); its stderr ended:\n${this.stderrTail}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/api/public/v1/auth/me`);
        if (res.status === 401) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("server did not start within 30 s");
  }

  /** The server process's id (Next runs inside it: scripts/serve.mjs starts no child). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private isRunning(): boolean {
    // A child killed by a signal has exitCode null and signalCode set.
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** SIGKILL: no shutdown hooks, no flush — the crash a power cut would be. */
  kill() {
    return this.signal("SIGKILL");
  }

  stop() {
    return this.signal("SIGTERM");
  }

  private async signal(signal: NodeJS.Signals) {
    const child = this.child;
    if (!child || !this.isRunning()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }
}

/** A human's session on the server: signs in through next-auth's credentials endpoint, keeps the cookie. */
export async function signInSession(baseUrl: string, email: string, password: string) {
  const jar = new Map<string, string>();
  const absorb = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  absorb(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/approvals" }),
  });
  absorb(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed for ${email}`);
  return { cookie: header() };
}

/**
 * The approval page's Confirm (or Decline) form as a browser without JavaScript submits it: its hidden server-action
 * fields, multipart, same origin. Returns the fields so tests can replay or tamper with them.
 */
export async function readActionForm(
  baseUrl: string,
  cookie: string,
  approvalId: string,
  which: "confirm" | "decline",
) {
  const html = await (await fetch(`${baseUrl}/approvals/${approvalId}`, { headers: { cookie } })).text();
  const forms = [...html.matchAll(/<form[^>]*>((?:<input[^>]*>)+)/g)]
    .map((m) => m[1])
    .filter((inputs) => inputs.includes("$ACTION_REF"));
  const inputs = forms[which === "confirm" ? 0 : 1];
  return inputs ? hiddenFields(inputs) : null;
}

/** A form's hidden inputs (React's server-action fields among them) as a browser would post them, in order. */
export function hiddenFields(formHtml: string): [string, string][] {
  return [...formHtml.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [
    m[1],
    (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"),
  ]);
}

export async function postActionForm(
  baseUrl: string,
  path: string,
  fields: [string, string][],
  headers: Record<string, string>,
) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return fetch(`${baseUrl}${path}`, { method: "POST", body: form, headers, redirect: "manual" });
}
