import { WEBHOOKS_MANAGE } from "@/lib/api/gates";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { getWebhookOrThrow } from "@/lib/webhooks/read-webhooks";
import { webhookIdParams } from "@/lib/webhooks/schemas";

const gates = { ...WEBHOOKS_MANAGE, params: webhookIdParams };

// GET /api/public/v1/webhooks/{webhookId} — one webhook of the account
export const GET = withAgent(gates, async ({ principal, params }) => ({
  status: 200,
  body: { webhook: await getWebhookOrThrow({ accountId: principal.accountId, webhookId: params.webhookId }) },
}));

// DELETE /api/public/v1/webhooks/{webhookId} — stop and remove it, retries included
export const DELETE = withAgent(gates, async ({ principal, params }) => ({
  status: 200,
  body: await deleteWebhook({ accountId: principal.accountId, webhookId: params.webhookId }),
}));

export const { POST, PUT, PATCH } = otherMethods("GET", "DELETE");
