import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server";

// `npm start` and `npm run dev` started as a user starts them, and the e2e server as Playwright starts it; one stop
// signal to npm (a service manager's SIGTERM) or to the whole process group (Ctrl-C in a terminal; Playwright's
// SIGKILL when its run ends) must leave no process of the tree alive and the port free.
// This is about processes, not data: it runs on a SQLite file of its own once, not again for PostgreSQL.
const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cosign-stop-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every live process below `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const cases = [
  // below: how many processes at least run under the one started (npm: the script and Next; the script: Next)
  { name: "npm start", argv: ["npm", "start"], stop: "SIGTERM to npm", below: 2 },
  { name: "npm run dev", argv: ["npm", "run", "dev"], stop: "SIGTERM to npm", below: 2 },
  { name: "npm run dev", argv: ["npm", "run", "dev"], stop: "SIGINT to the process group (Ctrl-C)", below: 2 },
  {
    name: "scripts/e2e-server.mjs",
    argv: [process.execPath, "scripts/e2e-server.mjs"],
    stop: "SIGKILL to the process group (Playwright's teardown)",
    below: 1,
  },
] as const;

describe.skipIf(process.env.TEST_DB === "postgres")("stopping the app's servers", () => {
  for (const { name, argv, stop, below } of cases) {
    it(`${name}: ${stop} stops every process and frees the port`, async () => {
      const port = await freePort();
      const databaseUrl = `file:${path.join(tmp, `${port}.db`)}`;
      // detached: the process leads a group of its own, as a shell's job or Playwright's webServer does, so the
      // group can be signalled.
      const leader = spawn(argv[0], argv.slice(1), {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          E2E_PORT: String(port),
          DATABASE_URL: databaseUrl,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "ignore",
        detached: true,
      });
      const exited = new Promise<void>((resolve) => leader.once("exit", () => resolve()));
      let tree: number[] = [];
      try {
        expect(await waitFor(() => portAnswers(port), 90_000)).toBe(true);
        tree = descendants(leader.pid!);
        expect(tree.length).toBeGreaterThanOrEqual(below);

        if (stop.startsWith("SIGINT")) process.kill(-leader.pid!, "SIGINT");
        else if (stop.startsWith("SIGKILL")) process.kill(-leader.pid!, "SIGKILL");
        else leader.kill("SIGTERM");

        expect(await waitFor(() => leader.exitCode !== null || leader.signalCode !== null, 5_000)).toBe(true);
        expect(await waitFor(() => tree.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
        expect(await portAnswers(port)).toBe(false);
      } finally {
        // A failed run must not leave its tree behind for the next test: kill what is left of it, by pid.
        const running = leader.exitCode === null && leader.signalCode === null;
        for (const pid of [...(running ? [leader.pid!, ...descendants(leader.pid!)] : []), ...tree.filter(isAlive)]) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone
          }
        }
        await exited;
      }
    });
  }
});
