import "server-only";
import { now } from "@/lib/clock";
import { liveTokenWhere } from "@/lib/auth/api-tokens";
import { claimDueDeliveries, db, ensureEventListener, onEventWake, type ClaimedDelivery, type Tx } from "@/lib/db";
import { eventRecordJson } from "@/lib/events/list-updates";
import { newId } from "@/lib/ids";
import {
  DELIVERY_TIMEOUT_MS,
  DISABLED_REASON,
  MAX_CONSECUTIVE_FAILURES,
  TOKEN_ENDED_REASON,
} from "@/lib/webhooks/schemas";
import { openSecret } from "@/lib/webhooks/secret-box";
import { sendDelivery, signatureHeader, type SendOutcome } from "@/lib/webhooks/send-delivery";

// Delivery runs from the event table as an outbox, never in the request that caused the event (docs/decisions/0015):
// a tick (0) disables the webhooks whose creating token has ended, (1) fans each ACTIVE webhook's new events out into
// delivery rows, advancing its cursor, (2) claims due attempts (lib/db claimDueDeliveries: one worker per attempt, in
// any number of processes), (3) POSTs them and (4) records each outcome. Every state lives in the database, so a restart loses nothing: an attempt whose worker
// died is claimed again once its lease ends.

/** How many events one webhook's fan-out reads per tick. */
const FAN_OUT_BATCH = 500;
/** A claim holds an attempt this long past the timeout before another worker may take it again. */
const LEASE_MARGIN_MS = 20_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/** Exponential backoff with jitter: ~30 s, 1 min, 2 min … capped at an hour, each ±25 % so retries spread out. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/**
 * Sets ACTIVE webhooks DISABLED with `reason`, and ends their retries still owed with it: a disabled webhook stays
 * disabled (contract §6), and the settings page says why. Conditional on ACTIVE: of two workers, one disables.
 */
async function disableWebhooks(tx: Tx, webhookIds: string[], reason: string, at: Date): Promise<number> {
  const { count } = await tx.webhook.updateMany({
    where: { id: { in: webhookIds }, status: "ACTIVE" },
    data: { status: "DISABLED", disabledAt: at, disabledReason: reason },
  });
  if (count > 0) {
    await tx.webhookDelivery.updateMany({
      where: { webhookId: { in: webhookIds }, status: "PENDING" },
      data: { status: "FAILED", lastError: `${reason}.` },
    });
  }
  return count;
}

/**
 * (0) Disables each ACTIVE webhook whose creating token has been revoked or has expired, with its retries still owed:
 * its events were readable only by that token's scopes, and revoking a leaked token must end what it set up — a
 * webhook would otherwise go on sending the account's events to a URL its holder chose. Checked every round, so it
 * covers every way a token ends (DELETE /tokens, the settings page, RFC 7009 revocation, expiry) in one place.
 */
export async function disableWebhooksOfEndedTokens(): Promise<number> {
  const client = await db();
  const active = await client.webhook.findMany({
    where: { status: "ACTIVE", createdByTokenId: { not: null } },
    select: { id: true, createdByTokenId: true },
  });
  if (active.length === 0) return 0;
  const at = now();
  const live = await client.apiToken.findMany({
    where: { id: { in: [...new Set(active.map((w) => w.createdByTokenId!))] }, ...liveTokenWhere(at) },
    select: { id: true },
  });
  const liveIds = new Set(live.map((token) => token.id));
  const ended = active.filter((w) => !liveIds.has(w.createdByTokenId!)).map((w) => w.id);
  if (ended.length === 0) return 0;
  return client.$transaction((tx) => disableWebhooks(tx, ended, TOKEN_ENDED_REASON, at));
}

/** (1) New events of each ACTIVE webhook (of an account with webhooks on) into PENDING deliveries. */
export async function fanOutEvents(): Promise<number> {
  const client = await db();
  const newest = await client.event.aggregate({ _max: { id: true } });
  const maxId = newest._max.id ?? 0;
  const webhooks = await client.webhook.findMany({
    where: {
      status: "ACTIVE",
      eventCursor: { lt: maxId },
      account: { features: { some: { key: "public_api_webhooks" } } },
    },
    select: { id: true, accountId: true, eventTypes: true, eventCursor: true },
  });
  let created = 0;
  for (const webhook of webhooks) {
    const events = await client.event.findMany({
      where: { accountId: webhook.accountId, id: { gt: webhook.eventCursor } },
      orderBy: { id: "asc" },
      take: FAN_OUT_BATCH,
      select: { id: true, type: true },
    });
    const last = events.at(-1);
    if (!last) continue;
    const types = new Set(webhook.eventTypes.split(" "));
    const at = now();
    const rows = events
      .filter((event) => types.has(event.type))
      .map((event) => ({
        id: newId("whd"),
        webhookId: webhook.id,
        eventId: event.id,
        status: "PENDING" as const,
        nextAttemptAt: at,
        createdAt: at,
      }));
    created += await client.$transaction(async (tx) => {
      // Concurrency: the cursor moves by a conditional write; of two processes fanning out the same events, the one
      // whose write matches creates the deliveries and the other creates none (it waited on the row, then missed).
      const moved = await tx.webhook.updateMany({
        where: { id: webhook.id, status: "ACTIVE", eventCursor: webhook.eventCursor },
        data: { eventCursor: last.id },
      });
      if (moved.count === 0 || rows.length === 0) return 0;
      return (await tx.webhookDelivery.createMany({ data: rows })).count;
    });
  }
  return created;
}

type Attempt = ClaimedDelivery & { url: string; secret: string; body: string; eventType: string };

async function loadAttempts(claimed: ClaimedDelivery[]): Promise<Attempt[]> {
  if (claimed.length === 0) return [];
  const client = await db();
  const [webhooks, events] = await Promise.all([
    client.webhook.findMany({
      where: { id: { in: [...new Set(claimed.map((c) => c.webhookId))] } },
      select: { id: true, url: true, secretBox: true },
    }),
    client.event.findMany({ where: { id: { in: [...new Set(claimed.map((c) => c.eventId))] } } }),
  ]);
  const webhookById = new Map(webhooks.map((w) => [w.id, w]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const attempts: Attempt[] = [];
  for (const delivery of claimed) {
    const webhook = webhookById.get(delivery.webhookId);
    const event = eventById.get(delivery.eventId);
    // Deleted since the claim (the delivery row goes with it): nothing to send.
    if (!webhook || !event) continue;
    const body = eventRecordJson({
      id: String(event.id),
      type: event.type,
      createdAt: event.createdAt.toISOString(),
      resourceId: event.resourceId,
      jobId: event.jobId,
      dataJson: event.data,
    });
    attempts.push({
      ...delivery,
      url: webhook.url,
      secret: openSecret(webhook.secretBox, webhook.id),
      body,
      eventType: event.type,
    });
  }
  return attempts;
}

type Outcome = { attempt: Attempt; outcome: SendOutcome };

/**
 * (4) Outcomes, batched into one transaction (one commit for a tick's worth of deliveries, not one each). Each is
 * written only if this worker still owns the attempt: the same attempt count, still PENDING (its lease may have
 * passed to another worker, whose attempt then counts).
 */
async function recordOutcomes(outcomes: Outcome[]) {
  const at = now();
  const client = await db();
  const delivered = new Map<number, Attempt[]>();
  const failed: { attempt: Attempt; outcome: Exclude<SendOutcome, { kind: "delivered" }> }[] = [];
  for (const { attempt, outcome } of outcomes) {
    if (outcome.kind === "delivered") {
      const list = delivered.get(outcome.statusCode) ?? [];
      list.push(attempt);
      delivered.set(outcome.statusCode, list);
    } else failed.push({ attempt, outcome });
  }
  await client.$transaction(async (tx) => {
    for (const [statusCode, attempts] of delivered) {
      await tx.webhookDelivery.updateMany({
        where: { status: "PENDING", OR: attempts.map((a) => ({ id: a.id, attempts: a.attempts })) },
        data: { status: "SUCCEEDED", deliveredAt: at, lastStatusCode: statusCode, lastError: null },
      });
    }
    const succeeded = [...new Set([...delivered.values()].flat().map((a) => a.webhookId))];
    if (succeeded.length > 0) {
      await tx.webhook.updateMany({
        where: { id: { in: succeeded }, consecutiveFailures: { gt: 0 } },
        data: { consecutiveFailures: 0 },
      });
    }
    for (const { attempt, outcome } of failed) {
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id: attempt.id, status: "PENDING", attempts: attempt.attempts },
        data: {
          status: outcome.kind === "retry" ? "PENDING" : "FAILED",
          nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempt.attempts)),
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error.slice(0, 500),
        },
      });
      if (count === 0) continue;
      const webhook = await tx.webhook.update({
        where: { id: attempt.webhookId },
        data: { consecutiveFailures: { increment: 1 } },
        select: { consecutiveFailures: true },
      });
      if (webhook.consecutiveFailures < MAX_CONSECUTIVE_FAILURES) continue;
      await disableWebhooks(tx, [attempt.webhookId], DISABLED_REASON, at);
    }
  });
}

export type WorkerOptions = {
  /** Attempts in flight at once, per worker. */
  concurrency?: number;
  timeoutMs?: number;
  /**
   * How long an idle worker waits before looking again when nothing wakes it. A committed event wakes it at once
   * (this process's commits, and on PostgreSQL every process's, through the long polls' LISTEN connection), so the
   * idle period only bounds how late a retry or an expired lease is picked up — and what an idle process costs.
   */
  idleMs?: number;
};

export type TickResult = { fannedOut: number; attempted: number };

/**
 * A delivery worker. start() loops until stop(): it keeps up to `concurrency` attempts in flight, claiming more as
 * slots free up, so one slow receiver (up to the 10 s timeout) holds one slot and not everyone's deliveries; outcomes
 * are written in batches. tick() does one round and waits for its attempts and their outcomes (tests drive it, with
 * the clock moved). stop() ends attempts in flight without recording them, as a process that dies would: their
 * leases run out and a worker claims them again, with the same delivery id.
 */
export function createWebhookWorker(options: WorkerOptions = {}) {
  const concurrency = options.concurrency ?? 50;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const idleMs = options.idleMs ?? 5_000;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const queue: Outcome[] = [];
  let flushing: Promise<void> | undefined;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** An event committed since the current round began. */
  let hasUnreadWake = false;
  /** Set while the loop waits for a free slot: a finished attempt ends that wait. */
  let slotWake: (() => void) | undefined;

  function flush(): Promise<void> {
    flushing ??= (async () => {
      try {
        while (queue.length > 0) await recordOutcomes(queue.splice(0));
      } catch (error) {
        // The attempts stay claimed until their leases end; then they are sent again (at least once).
        console.error("webhook outcomes not recorded:", error instanceof Error ? error.message : error);
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  async function send(attempt: Attempt) {
    const unixSeconds = Math.floor(now().getTime() / 1000);
    const outcome = await sendDelivery({
      url: attempt.url,
      body: attempt.body,
      timeoutMs,
      signal: stopping.signal,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "OpenTrain-Webhooks/1.0",
        "X-OpenTrain-Event": attempt.eventType,
        "X-OpenTrain-Delivery": attempt.id,
        "X-OpenTrain-Signature": signatureHeader(attempt.secret, unixSeconds, attempt.body),
      },
    });
    if (stopping.signal.aborted) return;
    queue.push({ attempt, outcome });
    await flush();
  }

  /** Fans out, then claims as many attempts as there are free slots and starts them. */
  async function round(): Promise<TickResult & { started: Promise<void>[] }> {
    await disableWebhooksOfEndedTokens();
    const fannedOut = await fanOutEvents();
    const free = concurrency - inFlight.size;
    if (stopping.signal.aborted || free <= 0) return { fannedOut, attempted: 0, started: [] };
    const at = now();
    const claimed = await claimDueDeliveries(await db(), {
      at,
      leaseUntil: new Date(at.getTime() + timeoutMs + LEASE_MARGIN_MS),
      limit: free,
    });
    const attempts = await loadAttempts(claimed);
    const started = attempts.map((attempt) => {
      const running = send(attempt).finally(() => {
        inFlight.delete(running);
        slotWake?.();
      });
      inFlight.add(running);
      return running;
    });
    return { fannedOut, attempted: attempts.length, started };
  }

  async function tick(): Promise<TickResult> {
    const { fannedOut, attempted, started } = await round();
    await Promise.all(started);
    await flushing;
    return { fannedOut, attempted };
  }

  async function run() {
    // A commit with events ends the idle wait, or — during a round, which may have read just before it — makes the
    // loop go round once more instead of waiting.
    const unsubscribe = onEventWake(() => {
      hasUnreadWake = true;
      wake?.();
    });
    // Other processes' commits reach this one through the LISTEN connection (PostgreSQL); without it the idle period
    // still picks everything up.
    await ensureEventListener().catch((error: unknown) => console.error("webhook worker: no event wakes:", error));
    try {
      await runRounds();
    } finally {
      unsubscribe();
    }
  }

  async function runRounds() {
    while (!stopping.signal.aborted) {
      let isFull = false;
      hasUnreadWake = false;
      try {
        const free = concurrency - inFlight.size;
        const result = await round();
        // More is waiting only if this round took all it could: a fan-out batch's worth, or every free slot.
        isFull = result.fannedOut >= FAN_OUT_BATCH || (free > 0 && result.attempted === free);
      } catch (error) {
        console.error("webhook delivery failed (will retry):", error instanceof Error ? error.message : error);
      }
      if (stopping.signal.aborted) break;
      // Backlog and free slots: go on at once. Otherwise wait: for a slot when all are taken, else the idle period —
      // a round per event or per finished attempt would be a busy loop of queries competing with the API's.
      if ((isFull || hasUnreadWake) && inFlight.size < concurrency) continue;
      const isWaitingForSlot = inFlight.size >= concurrency;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
        slotWake = isWaitingForSlot ? wake : undefined;
      });
      slotWake = undefined;
    }
  }

  return {
    tick,
    start() {
      loop ??= run();
    },
    async stop() {
      stopping.abort();
      wake?.();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
