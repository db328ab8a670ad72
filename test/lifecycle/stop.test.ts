import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server";

// `npm start` and `npm run dev` started as a user starts them; one stop signal to npm (a service manager's SIGTERM)
// or to its whole process group (Ctrl-C in a terminal) must leave no process of the tree alive and the port free.
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
  { command: ["start"], stop: "SIGTERM to npm" },
  { command: ["run", "dev"], stop: "SIGTERM to npm" },
  { command: ["run", "dev"], stop: "SIGINT to the process group (Ctrl-C)" },
] as const;

describe.skipIf(process.env.TEST_DB === "postgres")("stopping the app's servers", () => {
  for (const { command, stop } of cases) {
    it(`npm ${command.join(" ")}: ${stop} stops every process and frees the port`, async () => {
      const port = await freePort();
      const databaseUrl = `file:${path.join(tmp, `${command.join("-")}-${port}.db`)}`;
      // detached: npm leads a process group of its own, as a shell's job would, so "Ctrl-C" can signal that group.
      const npm = spawn("npm", [...command], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "ignore",
        detached: true,
      });
      const exited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
      let tree: number[] = [];
      try {
        expect(await waitFor(() => portAnswers(port), 90_000)).toBe(true);
        tree = descendants(npm.pid!);
        expect(tree.length).toBeGreaterThanOrEqual(2); // the script and Next, at least

        if (stop.startsWith("SIGINT")) process.kill(-npm.pid!, "SIGINT");
        else npm.kill("SIGTERM");

        expect(await waitFor(() => npm.exitCode !== null || npm.signalCode !== null, 5_000)).toBe(true);
        expect(await waitFor(() => tree.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
        expect(await portAnswers(port)).toBe(false);
      } finally {
        // A failed run must not leave its tree behind for the next test: kill what is left of it, by pid.
        const running = npm.exitCode === null && npm.signalCode === null;
        for (const pid of [...(running ? [npm.pid!, ...descendants(npm.pid!)] : []), ...tree.filter(isAlive)]) {
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
