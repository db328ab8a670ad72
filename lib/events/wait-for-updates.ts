import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Scope } from "@/lib/auth/scopes";
import { atClockTime, now } from "@/lib/clock";
import { ensureEventListener, onEventWake, type EventWake } from "@/lib/db";
import { env } from "@/lib/env";
import type { EventType } from "@/lib/events/event-types";
import { listUpdates, readableEventTypes, readUpdatesPage, type UpdatesPage } from "@/lib/events/list-updates";

// GET /updates?wait= (contract §6 "Long poll", docs/decisions/0014-long-poll-wakes.md). A poll that finds nothing
// is held here until a commit of one of its readable event types wakes it, its wait ends, its client goes away, or
// the process stops. Held polls cost no query and no CPU while nothing happens: they wait on a timer and on the
// process's wakes (lib/db/event-wakes.ts), and a wake costs one feed read per distinct (account, types, cursor,
// limit) — a thousand agents of one account polling from the same cursor are answered by one read.

type Waiter = {
  accountId: string;
  tokenId: string;
  types: readonly EventType[];
  cursor?: number;
  limit: number;
  /** Waiters with equal keys would read the same page. */
  key: string;
  /** When its wait ends (the Retry-After of a token at its cap). */
  endsAt: number;
  finish: (page: UpdatesPage) => void;
  /** What it answers when its wait ends without events: the empty page it read first. */
  empty: UpdatesPage;
};

type Hub = {
  byAccount: Map<string, Set<Waiter>>;
  byToken: Map<string, Set<Waiter>>;
  /** Counts every wake: a poll that saw it change during its first read reads again. */
  wakeCount: number;
  /** Woken, to be read (by key, once the read in flight for that key, if any, is done). */
  due: Set<Waiter>;
  reading: Set<string>;
  isFlushScheduled: boolean;
  unsubscribe: (() => void) | null;
};

// On globalThis, like lib/db's state: the process's shutdown (lib/background) must reach the same waiters.
const globalForHub = globalThis as unknown as { __cosignLongPolls?: Hub };
const hub: Hub = (globalForHub.__cosignLongPolls ??= {
  byAccount: new Map(),
  byToken: new Map(),
  wakeCount: 0,
  due: new Set(),
  reading: new Set(),
  isFlushScheduled: false,
  unsubscribe: null,
});

function onWake(wake: EventWake | null) {
  hub.wakeCount++;
  const groups = wake ? [hub.byAccount.get(wake.accountId)] : [...hub.byAccount.values()];
  for (const waiters of groups) {
    if (!waiters) continue;
    // A token that cannot read any of the committed types is not woken at all: it keeps waiting.
    for (const waiter of waiters)
      if (!wake || waiter.types.some((type) => wake.types.includes(type))) hub.due.add(waiter);
  }
  scheduleFlush();
}

function scheduleFlush() {
  if (hub.isFlushScheduled || hub.due.size === 0) return;
  hub.isFlushScheduled = true;
  // After the current turn: the wakes of one burst of commits are read together.
  setImmediate(flush);
}

function flush() {
  hub.isFlushScheduled = false;
  const groups = new Map<string, Waiter[]>();
  for (const waiter of hub.due) {
    // Its key's read is in flight and may have started before this commit: read again once it is done.
    if (hub.reading.has(waiter.key)) continue;
    hub.due.delete(waiter);
    const group = groups.get(waiter.key);
    if (group) group.push(waiter);
    else groups.set(waiter.key, [waiter]);
  }
  for (const [key, waiters] of groups) void readFor(key, waiters);
}

async function readFor(key: string, waiters: Waiter[]) {
  hub.reading.add(key);
  const [{ accountId, types, cursor, limit }] = waiters;
  try {
    const page = await readUpdatesPage({ accountId, types, cursor, limit });
    // Nothing past the cursor yet (a type it reads, but a wake of an event it had already seen): keep waiting.
    if (page.events.length > 0) for (const waiter of waiters) waiter.finish(page);
  } catch (error) {
    // The poll still answers when its wait ends; the next wake reads again.
    console.error("long poll: reading after a wake failed:", error instanceof Error ? error.message : error);
  } finally {
    hub.reading.delete(key);
    scheduleFlush();
  }
}

function add<K>(map: Map<K, Set<Waiter>>, key: K, waiter: Waiter) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(waiter);
}

function remove<K>(map: Map<K, Set<Waiter>>, key: K, waiter: Waiter) {
  const set = map.get(key);
  if (!set) return;
  set.delete(waiter);
  if (set.size === 0) map.delete(key);
}

/** The token's held polls are at the cap: 429, with the time until its soonest one ends. */
function assertBelowCap(tokenId: string) {
  const held = hub.byToken.get(tokenId);
  const cap = env().LONG_POLL_MAX_WAITS_PER_TOKEN;
  if (!held || held.size < cap) return;
  const soonest = Math.min(...[...held].map((waiter) => waiter.endsAt));
  const retryAfterSeconds = Math.max(Math.ceil((soonest - now().getTime()) / 1000), 1);
  throw new ApiError(
    "RATE_LIMITED",
    `This token already holds ${cap} long polls open. Retry after ${retryAfterSeconds} s, or poll without wait.`,
    { retryAfterSeconds },
  );
}

/**
 * GET /updates with `wait` seconds: the page at once when it has events (or `wait` is 0); otherwise, held, the page
 * of the first commit of a readable event, or the empty page when the wait ends or `signal` aborts (the client
 * left). A held poll's `later` never rejects.
 */
export async function waitForUpdates(input: {
  accountId: string;
  tokenId: string;
  scopes: readonly Scope[];
  cursor?: number;
  limit: number;
  anyDue: boolean;
  waitSeconds: number;
  signal: AbortSignal;
}): Promise<{ page: UpdatesPage } | { later: Promise<UpdatesPage> }> {
  if (input.waitSeconds === 0) return { page: await listUpdates(input) };
  await ensureEventListener();
  hub.unsubscribe ??= onEventWake(onWake);
  // A commit between this read and the registration below must not be missed: the count tells.
  const wakesBefore = hub.wakeCount;
  const first = await listUpdates(input);
  if (first.events.length > 0 || input.signal.aborted) return { page: first };
  assertBelowCap(input.tokenId);
  const types = readableEventTypes(input.scopes);
  const endsAt = now().getTime() + input.waitSeconds * 1000;
  const later = new Promise<UpdatesPage>((resolve) => {
    let isSettled = false;
    const waiter: Waiter = {
      accountId: input.accountId,
      tokenId: input.tokenId,
      types,
      cursor: input.cursor,
      limit: input.limit,
      key: `${input.accountId}|${types.join(",")}|${input.cursor ?? ""}|${input.limit}`,
      endsAt,
      empty: first,
      finish(page) {
        if (isSettled) return;
        isSettled = true;
        cancelTimer();
        input.signal.removeEventListener("abort", onAbort);
        remove(hub.byAccount, waiter.accountId, waiter);
        remove(hub.byToken, waiter.tokenId, waiter);
        hub.due.delete(waiter);
        resolve(page);
      },
    };
    const onAbort = () => waiter.finish(first);
    const cancelTimer = atClockTime(new Date(endsAt), () => waiter.finish(first));
    input.signal.addEventListener("abort", onAbort, { once: true });
    add(hub.byAccount, waiter.accountId, waiter);
    add(hub.byToken, waiter.tokenId, waiter);
    if (hub.wakeCount !== wakesBefore) {
      hub.due.add(waiter);
      scheduleFlush();
    }
  });
  return { later };
}

/** How many polls this process holds (tests, diagnostics). */
export function heldPollCount(): number {
  let count = 0;
  for (const waiters of hub.byToken.values()) count += waiters.size;
  return count;
}

/** Shutdown: every held poll answers now, with its empty page, so its client polls again (another process). */
export function releaseHeldPolls() {
  for (const waiters of [...hub.byToken.values()]) for (const waiter of [...waiters]) waiter.finish(waiter.empty);
}
