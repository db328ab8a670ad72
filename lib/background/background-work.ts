import "server-only";
import { expirySweep } from "@/lib/background/expiry-sweep";
import { approvalEmails } from "@/lib/notify/run-notifier";
import { webhookDeliveryRetention } from "@/lib/webhooks/prune-deliveries";
import { webhookDelivery } from "@/lib/webhooks/start-delivery";
import type { BackgroundWorker } from "@/lib/background/workers";
import { env } from "@/lib/env";

// The one home of what a server process runs besides serving requests (docs/scaling.md). `npm start` runs all of
// it in-process by default; BACKGROUND_WORK=off makes a process that only serves requests. Each worker is safe to
// run in several processes at once on one PostgreSQL — that is each worker's own business (its file says how).
//
// A worker joins with one line here.
const WORKERS: readonly BackgroundWorker[] = [expirySweep, webhookDelivery, webhookDeliveryRetention, approvalEmails];

type Running = { name: string; stop: () => Promise<void> };
const globalForWork = globalThis as unknown as { __cosignBackground?: Running[] };

export function isBackgroundWorkOn(): boolean {
  return env().BACKGROUND_WORK === "on";
}

/** Starts every worker once per process (unless BACKGROUND_WORK=off); returns the names started. */
export function startBackgroundWork(): string[] {
  if (globalForWork.__cosignBackground || !isBackgroundWorkOn()) return [];
  const running: Running[] = [];
  for (const worker of WORKERS) {
    const stop = worker.start();
    if (stop) running.push({ name: worker.name, stop });
  }
  globalForWork.__cosignBackground = running;
  return running.map((worker) => worker.name);
}

/** Stops every worker and waits for the work each has under way (SIGTERM: see scripts/serve.mjs). */
export async function stopBackgroundWork(): Promise<void> {
  const running = globalForWork.__cosignBackground ?? [];
  globalForWork.__cosignBackground = undefined;
  await Promise.all(
    running.map((worker) =>
      worker.stop().catch((error: unknown) => console.error(`stopping ${worker.name} failed:`, error)),
    ),
  );
}
