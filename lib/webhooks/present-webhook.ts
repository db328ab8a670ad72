import type { Webhook, WebhookDelivery } from "@/lib/db";

type WebhookRow = Pick<Webhook, "id" | "url" | "eventTypes" | "status" | "createdAt" | "disabledAt" | "disabledReason">;

/** The wire shape of a webhook (contract §6). Never the secret: it is shown once, in the creation's answer. */
export function presentWebhook(webhook: WebhookRow) {
  return {
    id: webhook.id,
    url: webhook.url,
    eventTypes: webhook.eventTypes.split(" ").filter(Boolean),
    status: webhook.status,
    createdAt: webhook.createdAt.toISOString(),
    disabledAt: webhook.disabledAt?.toISOString() ?? null,
    disabledReason: webhook.disabledReason,
  };
}

export type PresentedWebhook = ReturnType<typeof presentWebhook>;

type DeliveryRow = Pick<
  WebhookDelivery,
  | "id"
  | "eventId"
  | "status"
  | "attempts"
  | "nextAttemptAt"
  | "lastAttemptAt"
  | "lastStatusCode"
  | "lastError"
  | "deliveredAt"
>;

/** A delivery as the settings page shows it: a next retry only while one is due to happen. */
export function presentDelivery(delivery: DeliveryRow) {
  return {
    id: delivery.id,
    eventId: String(delivery.eventId),
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === "PENDING" ? delivery.nextAttemptAt.toISOString() : null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
