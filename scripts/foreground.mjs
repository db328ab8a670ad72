// Runs a long-lived child (Next) as this process's foreground job, so that stopping this process stops the whole
// tree. The child stays in our process group: whoever stops a group — a terminal's Ctrl-C, Playwright's webServer
// teardown (SIGKILL to the group), a supervisor — reaches Next and its own children too. A stop signal sent to us
// alone is passed on to Next, which stops the server it forks (`next dev`); if Next is still up 10 s later it is
// killed, since a port held by an orphan is the failure this file exists to prevent.
// package.json runs these scripts as `exec node scripts/…`: npm passes SIGTERM on to its child, but the `sh -c` it
// runs scripts in does not, so without the exec npm's shell would die and leave us (and Next) running.
import { spawn } from "node:child_process";
import os from "node:os";

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
const KILL_AFTER_MS = 10_000;

export function runInForeground(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: "inherit" });
  const signalChild = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      signalChild(signal);
      setTimeout(() => signalChild("SIGKILL"), KILL_AFTER_MS).unref();
    });
  }
  // An exit of ours for any other reason (an exception, process.exit) takes Next with it too.
  process.on("exit", () => signalChild("SIGKILL"));
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  return child;
}
