import "server-only";
import { createWebhookWorker, type WebhookWorker } from "@/lib/webhooks/delivery-worker";

let worker: WebhookWorker | undefined;

/**
 * Starts this process's webhook delivery worker, unless BACKGROUND_WORK=off (a process that should only serve
 * requests). Any number of processes may run one: each attempt is claimed by exactly one of them.
 */
export function startWebhookDelivery() {
  if (process.env.BACKGROUND_WORK === "off" || worker) return;
  worker = createWebhookWorker();
  worker.start();
}
