import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { absoluteUrl, id, isoTimestamp } from "@/lib/api/schemas";

// Webhooks (contract §6 "Webhooks"). The API body parses with these; the limits are the contract's.
/** At most this many webhooks per account, ACTIVE or DISABLED (a disabled one is deleted to make room). */
export const MAX_WEBHOOKS = 10;
export const WEBHOOK_URL_MAX = 2048;
/** Failed attempts in a row (across the webhook's deliveries) after which it is disabled. */
export const MAX_CONSECUTIVE_FAILURES = 10;
export const DISABLED_REASON = "Disabled after repeated delivery failures";
/** [ours] A webhook lives no longer than the token that created it: revoking a leaked token ends its subscriptions. */
export const TOKEN_ENDED_REASON = "Disabled because the API token that created it was revoked or has expired";
/** A 2xx within this is success; anything slower is a timeout, retried. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export const WEBHOOK_STATUSES = ["ACTIVE", "DISABLED"] as const;

/** POST /webhooks. Event types are any strings here: unknown ones get their own 400 with the supported list. */
export const createWebhookBody = z.object({
  url: z.string().trim().min(1).max(WEBHOOK_URL_MAX),
  eventTypes: z.array(z.string()).min(1).max(20),
});

export const webhookIdParams = { webhookId: resourceId };

export const WEBHOOK_CREATE_CONFLICT_REASONS = ["webhook_limit_reached"] as const;

/** A webhook as the API shows it (contract §6): never its secret. */
export const webhookResource = z.object({
  id,
  url: absoluteUrl,
  eventTypes: z.array(z.string()),
  status: z.enum(WEBHOOK_STATUSES),
  createdAt: isoTimestamp,
  disabledAt: isoTimestamp.nullable(),
  disabledReason: z.string().nullable(),
});
export const webhookResponse = z.object({ webhook: webhookResource });
export const webhooksResponse = z.object({ webhooks: z.array(webhookResource) });
/** POST /webhooks → 201: the whsec_ secret, shown this once. */
export const webhookCreatedResponse = z.object({
  webhook: webhookResource,
  secret: z
    .string()
    .regex(/^whsec_/)
    .meta({ description: "Shown once: sign-check every delivery's X-OpenTrain-Signature with it." }),
  message: z.string(),
});
export const webhookDeletedResponse = z.object({ webhook: webhookResource, deleted: z.literal(true) });
