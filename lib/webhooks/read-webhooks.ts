import "server-only";
import { notFound } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { presentDelivery, presentWebhook } from "@/lib/webhooks/present-webhook";

/** The account's webhooks, oldest first (never a secret). */
export async function listWebhooks({ accountId }: { accountId: string }) {
  const client = await db();
  const rows = await client.webhook.findMany({ where: { accountId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(presentWebhook);
}

/** One webhook of the account; another account's reads as missing. */
export async function getWebhookOrThrow({ accountId, webhookId }: { accountId: string; webhookId: string }) {
  const client = await db();
  const row = await client.webhook.findFirst({ where: { id: webhookId, accountId } });
  if (!row) throw notFound("webhooks", "webhookId", webhookId);
  return presentWebhook(row);
}

/** The settings page: each webhook of the account with its most recent deliveries. */
export async function listWebhooksWithDeliveries({ accountId, recent = 10 }: { accountId: string; recent?: number }) {
  const client = await db();
  const rows = await client.webhook.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { deliveries: { orderBy: [{ createdAt: "desc" }, { eventId: "desc" }], take: recent } },
  });
  return rows.map((row) => ({ ...presentWebhook(row), deliveries: row.deliveries.map(presentDelivery) }));
}

export type WebhookWithDeliveries = Awaited<ReturnType<typeof listWebhooksWithDeliveries>>[number];
