import "server-only";
import { everySeconds, type BackgroundWorker } from "@/lib/background/workers";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

/** Rows deleted per statement: a short write, so SQLite's one writer is not held from the API's commits. */
const BATCH = 500;

/**
 * Deletes the delivery rows that are over (SUCCEEDED or FAILED) and older than WEBHOOK_DELIVERY_RETENTION_DAYS:
 * every event fans out to up to 10 webhooks, so without this the table grows by up to ten rows per event forever.
 * A PENDING row is never deleted, however old: it is a retry still owed. Per webhook, so each read walks the
 * (webhookId, createdAt) index. Several processes may prune at once: a row deleted twice is simply not counted twice.
 */
export async function pruneWebhookDeliveries(): Promise<number> {
  const client = await db();
  const before = new Date(now().getTime() - env().WEBHOOK_DELIVERY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const webhooks = await client.webhook.findMany({ select: { id: true } });
  let deleted = 0;
  for (const { id: webhookId } of webhooks) {
    for (;;) {
      const old = await client.webhookDelivery.findMany({
        where: { webhookId, createdAt: { lt: before }, status: { in: ["SUCCEEDED", "FAILED"] } },
        select: { id: true },
        take: BATCH,
      });
      if (old.length === 0) break;
      const { count } = await client.webhookDelivery.deleteMany({
        where: { id: { in: old.map((row) => row.id) }, status: { in: ["SUCCEEDED", "FAILED"] } },
      });
      deleted += count;
      if (old.length < BATCH) break;
    }
  }
  return deleted;
}

/** The retention pass as background work (lib/background): once an hour. */
export const webhookDeliveryRetention: BackgroundWorker = {
  name: "webhook delivery retention",
  start() {
    return everySeconds("webhook delivery retention", 60 * 60, async () => {
      const deleted = await pruneWebhookDeliveries();
      if (deleted > 0) console.log(`webhook delivery retention: ${deleted} old delivery row(s) deleted`);
    });
  },
};
