import "server-only";
import { notFound } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { presentWebhook } from "@/lib/webhooks/present-webhook";

/** Deletes a webhook of the account and its deliveries: nothing more is sent to it, retries included. */
export async function deleteWebhook({ accountId, webhookId }: { accountId: string; webhookId: string }) {
  const client = await db();
  const row = await client.webhook.findFirst({ where: { id: webhookId, accountId } });
  if (!row) throw notFound("webhooks", "webhookId", webhookId);
  // Of two concurrent deletes one removes the row; the other answers the same deleted webhook.
  await client.webhook.deleteMany({ where: { id: row.id, accountId } });
  return { webhook: presentWebhook(row), deleted: true as const };
}
