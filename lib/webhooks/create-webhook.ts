import "server-only";
import { ApiError, badRequest, conflictsOf } from "@/lib/api/errors";
import { hasScope, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import { db, lockAccountForTokens } from "@/lib/db";
import { EVENT_READ_SCOPES, EVENT_TYPES, type EventType } from "@/lib/events/event-types";
import { newId } from "@/lib/ids";
import { presentWebhook } from "@/lib/webhooks/present-webhook";
import { MAX_WEBHOOKS, WEBHOOK_CREATE_CONFLICT_REASONS } from "@/lib/webhooks/schemas";
import { newWebhookSecret, sealSecret } from "@/lib/webhooks/secret-box";
import { assertWebhookUrl } from "@/lib/webhooks/target-policy";

const conflict = conflictsOf(WEBHOOK_CREATE_CONFLICT_REASONS);

type CreateWebhookOptions = {
  accountId: string;
  grantedScopes: readonly Scope[];
  tokenId: string;
  url: string;
  eventTypes: readonly string[];
};

const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type);

/**
 * Subscribes a URL to the account's events of the given types. Security: a webhook hands events on to a third
 * party, so it may carry only the types the creating token could read on /updates itself. The secret exists in
 * clear only in the result; the row holds it sealed (secret-box.ts).
 */
export async function createWebhook(options: CreateWebhookOptions) {
  const unknownEventTypes = options.eventTypes.filter((type) => !isEventType(type));
  if (unknownEventTypes.length > 0) {
    throw badRequest("eventTypes", `Unknown event type: ${unknownEventTypes.join(", ")}.`, {
      unknownEventTypes,
      supportedEventTypes: EVENT_TYPES,
    });
  }
  const eventTypes = [...new Set(options.eventTypes as readonly EventType[])];
  const unreadable = eventTypes.filter(
    (type) => !EVENT_READ_SCOPES[type].some((s) => hasScope(options.grantedScopes, s)),
  );
  if (unreadable.length > 0) {
    throw new ApiError("FORBIDDEN", `This token cannot read the event types: ${unreadable.join(", ")}.`, {
      requiredScopes: [...new Set(unreadable.map((type) => EVENT_READ_SCOPES[type][0]))],
      grantedScopes: options.grantedScopes,
    });
  }
  const url = await assertWebhookUrl(options.url);
  const at = now();
  const id = newId("wh");
  const secret = newWebhookSecret();

  const client = await db();
  return client.$transaction(async (tx) => {
    // Concurrency: count and insert under the account's row lock (the token limit's lock), so 10 is a limit under
    // a race too.
    await lockAccountForTokens(tx, options.accountId);
    const count = await tx.webhook.count({ where: { accountId: options.accountId } });
    if (count >= MAX_WEBHOOKS) {
      throw conflict("webhook_limit_reached", `An account may hold at most ${MAX_WEBHOOKS} webhooks.`, {
        limit: MAX_WEBHOOKS,
      });
    }
    // Delivery starts at the events after creation (contract §6): events become visible in id order
    // (lockEventOrder), so every event committed later has a larger id than this.
    const last = await tx.event.aggregate({ where: { accountId: options.accountId }, _max: { id: true } });
    const row = await tx.webhook.create({
      data: {
        id,
        accountId: options.accountId,
        url: url.href,
        eventTypes: eventTypes.join(" "),
        secretBox: sealSecret(secret, id),
        status: "ACTIVE",
        eventCursor: last._max.id ?? 0,
        createdByTokenId: options.tokenId,
        createdAt: at,
      },
    });
    return {
      webhook: presentWebhook(row),
      secret,
      message: "Store this secret now: it is shown only once. Verify X-OpenTrain-Signature on every delivery with it.",
    };
  });
}
