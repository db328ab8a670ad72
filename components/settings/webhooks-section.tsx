import { formatWhen } from "@/components/time-left";
import type { WebhookWithDeliveries } from "@/lib/webhooks/read-webhooks";

const DELIVERY_LABEL = { PENDING: "Retrying", SUCCEEDED: "Delivered", FAILED: "Failed" } as const;
const DELIVERY_CLASS = {
  PENDING: "bg-amber-50 text-amber-900",
  SUCCEEDED: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-rose-50 text-rose-800",
} as const;

type Props = { accountId: string; accountName: string; webhooks: WebhookWithDeliveries[] };

/**
 * The account's webhooks on /settings, each with its most recent deliveries: status, attempts and the next retry.
 * Read-only: agents create and delete webhooks through the API (webhooks:manage), and a disabled one is deleted and
 * created again there.
 */
export function WebhooksSection({ accountId, accountName, webhooks }: Props) {
  const headingId = `webhooks-${accountId}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid="webhooks">
      <h2 id={headingId} className="font-semibold">
        Webhooks — {accountName}
      </h2>
      {webhooks.length === 0 ? (
        <p className="text-sm text-slate-600">No webhooks. An agent with the webhooks:manage scope can add one.</p>
      ) : (
        <ul className="space-y-3">
          {webhooks.map((webhook) => (
            <li
              key={webhook.id}
              className="rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200"
              data-testid="webhook-row"
            >
              <p className="font-medium break-all">{webhook.url}</p>
              <p className="mt-1 text-xs text-slate-700">
                <span
                  className={`mr-2 rounded px-1.5 py-0.5 font-semibold ${webhook.status === "ACTIVE" ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}
                >
                  {webhook.status === "ACTIVE" ? "Active" : "Disabled"}
                </span>
                <span className="break-words">{webhook.eventTypes.join(", ")}</span>
              </p>
              {webhook.disabledAt && (
                <p className="mt-1 text-xs text-rose-800">
                  {webhook.disabledReason} ({formatWhen(new Date(webhook.disabledAt))})
                </p>
              )}
              {webhook.deliveries.length === 0 ? (
                <p className="mt-2 text-xs text-slate-600">No deliveries yet.</p>
              ) : (
                <ul className="mt-3 divide-y divide-slate-100" aria-label="Recent deliveries">
                  {webhook.deliveries.map((delivery) => (
                    <li key={delivery.id} className="py-2 text-xs" data-testid="delivery-row">
                      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        <span className={`rounded px-1.5 py-0.5 font-semibold ${DELIVERY_CLASS[delivery.status]}`}>
                          {DELIVERY_LABEL[delivery.status]}
                        </span>
                        <span>Event {delivery.eventId}</span>
                        <span>
                          {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                        </span>
                        {delivery.lastStatusCode !== null && <span>HTTP {delivery.lastStatusCode}</span>}
                      </p>
                      {delivery.nextAttemptAt && (
                        <p className="mt-1 text-slate-700">Next retry {formatWhen(new Date(delivery.nextAttemptAt))}</p>
                      )}
                      {delivery.status !== "SUCCEEDED" && delivery.lastError && (
                        <p className="mt-1 break-words text-slate-700">{delivery.lastError}</p>
                      )}
                      <p className="mt-1 break-all text-slate-600">{delivery.id}</p>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
