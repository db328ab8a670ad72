import "server-only";
import type { BackgroundWorker } from "@/lib/background/workers";
import { createWebhookWorker } from "@/lib/webhooks/delivery-worker";

/**
 * This process's webhook delivery worker (lib/background). Any number of processes may run one: each attempt is
 * claimed by exactly one of them (lib/db/webhooks.ts).
 */
export const webhookDelivery: BackgroundWorker = {
  name: "webhook delivery",
  start() {
    const worker = createWebhookWorker();
    worker.start();
    return () => worker.stop();
  },
};
