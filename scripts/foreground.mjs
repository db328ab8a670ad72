// Runs a long-lived child (Next) as this process's foreground job, so that stopping this process stops the whole
// tree. The child gets a process group of its own and every stop signal goes to that group: `next dev` forks its
// server, and a signal to the `next` pid alone would depend on Next passing it on. Ctrl-C in a terminal reaches us
// (we stay in the terminal's group) and is passed on the same way. If the tree is still up 10 s after a stop signal,
// it is killed: a port held by an orphan is the failure this file exists to prevent.
// package.json runs these scripts as `exec node scripts/…`: npm passes SIGTERM on to its child, but the `sh -c` it
// runs scripts in does not, so without the exec npm's shell would die and leave us (and Next) running.
import { spawn } from "node:child_process";
import os from "node:os";

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const KILL_AFTER_MS = 10_000;

export function runInForeground(command, args, options) {
  // No stdin: a process group that is not the terminal's foreground group is stopped if it reads the terminal.
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "inherit", "inherit"] });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      signalGroup(signal);
      setTimeout(() => signalGroup("SIGKILL"), KILL_AFTER_MS).unref();
    });
  }
  // An exit of ours for any other reason (an exception, process.exit) takes the tree with it too.
  process.on("exit", () => signalGroup("SIGKILL"));
  child.on("exit", (code, signal) => {
    // Whatever the child left in its group (a forked server) goes with it.
    signalGroup("SIGKILL");
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
  });
  return child;
}
