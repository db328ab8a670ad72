import { WEBHOOKS_MANAGE } from "@/lib/api/gates";
import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { listWebhooks } from "@/lib/webhooks/read-webhooks";
import { createWebhookBody } from "@/lib/webhooks/schemas";

// GET /api/public/v1/webhooks — the account's webhooks, never a secret
export const GET = withAgent(WEBHOOKS_MANAGE, async ({ principal }) => ({
  status: 200,
  body: { webhooks: await listWebhooks({ accountId: principal.accountId }) },
}));

// POST /api/public/v1/webhooks — subscribe a URL to event types; the whsec_ secret is shown once
export const POST = withAgent(WEBHOOKS_MANAGE, async ({ principal, request }) => {
  const body = await parseJsonBody(request, createWebhookBody);
  const created = await createWebhook({
    accountId: principal.accountId,
    grantedScopes: principal.scopes,
    tokenId: principal.tokenId,
    url: body.url,
    eventTypes: body.eventTypes,
  });
  return { status: 201, body: created };
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
